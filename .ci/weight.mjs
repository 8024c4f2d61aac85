// `make bench`: the bytes a phone downloads on a first visit to each page, as served (brotli):
// the HTML, the CSS, the JS and WASM it loads, and the pictures above the fold (the larger WebP of
// each eagerly loaded picture: a phone's screen picks it). Prints one JSON object per page.
//   node .ci/weight.mjs 127.0.0.1:3200 'home|/|' 'cart|/cart|okryu_cart=…' …
import http from 'node:http';
import zlib from 'node:zlib';

const [addr, ...pages] = process.argv.slice(2);
const [host, port] = addr.split(':');

function get(path, cookie) {
  return new Promise((resolve, reject) => {
    const headers = { 'accept-encoding': 'br' };
    if (cookie) headers.cookie = cookie;
    http
      .get({ host, port, path, headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const body = res.headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(raw) : raw;
          resolve({ status: res.statusCode, bytes: raw.length, text: body.toString('utf8') });
        });
      })
      .on('error', reject);
  });
}

const sum = async (paths, cookie) => {
  let n = 0;
  for (const p of paths) n += (await get(p, cookie)).bytes;
  return n;
};

for (const entry of pages) {
  const [name, path, cookie] = entry.split('|');
  const page = await get(path, cookie);
  if (page.status !== 200) throw new Error(`${path}: HTTP ${page.status}`);
  const all = (re) => [...page.text.matchAll(re)].map((m) => m[1]);
  const css = all(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g);
  const js = all(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g);
  const wasm = all(/<link[^>]*href="([^"]+\.wasm)"/g);
  const pictures = all(/<source type="image\/webp" srcset="([^"]+)"[^>]*>\s*<img[^>]*loading="eager"/g).map(
    (srcset) => srcset.split(',').pop().trim().split(' ')[0],
  );
  const sizes = {
    name,
    path,
    html: page.bytes,
    css: await sum(css, cookie),
    js: await sum(js, cookie),
    wasm: await sum(wasm, cookie),
    pictures: await sum(pictures, cookie),
  };
  sizes.code = sizes.js + sizes.wasm;
  sizes.total = sizes.html + sizes.css + sizes.code + sizes.pictures;
  console.log(JSON.stringify(sizes));
}
