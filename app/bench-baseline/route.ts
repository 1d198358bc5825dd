/**
 * The browser benchmark's floor (bench/support/browser.ts): a static page
 * with `items` native checkboxes and labels, served by the same server as
 * the release page. Answers 404 unless the server was started with
 * COUNTERSIGN_BENCH_BASELINE=1, which only `npm run bench` does; it is
 * linked from nowhere.
 */
const MAX_ITEMS = 5000;

export function GET(request: Request): Response {
  if (process.env.COUNTERSIGN_BENCH_BASELINE !== "1") return new Response("Not found", { status: 404 });
  const raw = new URL(request.url).searchParams.get("items") ?? "";
  const items = /^\d{1,4}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(items >= 1 && items <= MAX_ITEMS)) {
    return Response.json({ error: { code: "BAD_REQUEST", message: `items must be a whole number from 1 to ${MAX_ITEMS}.` } }, { status: 400 });
  }
  const rows: string[] = [];
  for (let index = 0; index < items; index += 1) {
    const checked = index % 2 === 0 ? " checked" : "";
    rows.push(`<li><input type="checkbox" id="c${index}"${checked}><label for="c${index}">Checklist item ${index + 1}: configuration verified and documented</label></li>`);
  }
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Baseline: ${items} checkboxes</title><style>body{font:14px system-ui;margin:2rem}li{padding:.5rem 0;list-style:none}h1{font-size:1.5rem}</style></head><body><h1>Baseline: ${items} checkboxes</h1><ul>${rows.join("")}</ul></body></html>`;
  return new Response(html, { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}
