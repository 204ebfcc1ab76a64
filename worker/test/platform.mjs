// What Cloudflare does before a Worker with [assets] runs: a GET or HEAD
// for a file in the assets directory (index.html for a path ending in /)
// is answered from it; everything else goes to the Worker.
export default {
  async fetch(req, env) {
    if (req.method === "GET" || req.method === "HEAD") {
      const url = new URL(req.url);
      const path = url.pathname.endsWith("/") ? url.pathname + "index.html" : url.pathname;
      const asset = await env.ASSETS.fetch(new URL(path, "http://assets"), { method: req.method });
      if (asset.ok && asset.headers.get("content-type") !== "application/json; directory") return asset;
    }
    return env.WORKER.fetch(req);
  },
};
