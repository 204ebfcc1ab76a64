// An in-memory KV namespace for workerd: a kvNamespace binding sends each
// get/put/delete/list to its service as HTTP, and this answers them as
// Cloudflare's store does (for the calls the Worker makes). It logs the
// shape of what it cannot answer, so that a protocol change shows.
const data = new Map();

export default {
  async fetch(req) {
    const url = new URL(req.url);
    const key = decodeURIComponent(url.pathname.slice(1));
    if (req.method === "GET" && url.pathname === "/" ) {
      // list: ?prefix=&limit=&cursor=
      const prefix = url.searchParams.get("prefix") ?? "";
      const limit = Number(url.searchParams.get("limit") ?? 1000);
      const start = Number(url.searchParams.get("cursor") || 0);
      const keys = [...data.keys()].filter((k) => k.startsWith(prefix)).sort();
      const page = keys.slice(start, start + limit).map((name) => ({ name }));
      const complete = start + limit >= keys.length;
      return Response.json({ keys: page, list_complete: complete, ...(complete ? {} : { cursor: String(start + limit) }) });
    }
    switch (req.method) {
      case "GET":
        return data.has(key) ? new Response(data.get(key)) : new Response(null, { status: 404 });
      case "PUT":
        data.set(key, new Uint8Array(await req.arrayBuffer()));
        return new Response(null);
      case "DELETE":
        data.delete(key);
        return new Response(null);
    }
    console.log("kv.mjs: unexpected", req.method, req.url);
    return new Response("kv.mjs: unexpected request", { status: 501 });
  },
};
