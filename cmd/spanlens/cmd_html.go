package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spanlens/spanlens"
	"github.com/spanlens/spanlens/web"
)

func init() {
	commands["html"] = command{
		usage: "[FILE] > trace.html",
		help: "Write one self-contained HTML page that opens the trace in the interactive viewer from file://,\n" +
			"with no server and no network (the viewer, the WebAssembly module and the trace are inside).",
		flags: readsTrace,
		run:   (*cli).html,
	}
}

func (c *cli) html(args []string) error {
	path, err := c.oneFile(args)
	if err != nil {
		return err
	}
	if err := web.Built(); err != nil {
		return fmt.Errorf("html: %w", err)
	}
	var data []byte
	name := "stdin"
	if path == "-" {
		data, err = io.ReadAll(io.LimitReader(c.stdin, c.common.limits.MaxBytes+1))
	} else {
		data, err = os.ReadFile(path)
		name = filepath.Base(path)
	}
	if err != nil {
		return err
	}
	// Decode it here first, so that a file the viewer cannot open fails
	// now, with its place, not later in a browser.
	if _, err := spanlens.Open(data, c.openOptions()); err != nil {
		return loadError(path, err)
	}
	page, err := web.OfflineHTML(data, name)
	if err != nil {
		return err
	}
	_, err = c.stdout.Write(page)
	return err
}
