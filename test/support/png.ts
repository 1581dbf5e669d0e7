// Just enough of a PNG reader to look at a screenshot: 8-bit RGB or RGBA, not interlaced.
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';

export interface Image {
  width: number;
  height: number;
  /** RGB triples, row after row. */
  rgb: Uint8Array;
}

/** A PNG file, or its bytes (a screenshot an MCP tool returned). */
export function readPng(file: string | Buffer): Image {
  const data = typeof file === 'string' ? fs.readFileSync(file) : file;
  if (data.length < 8 || data.readUInt32BE(0) !== 0x89504e47) throw new Error(`${typeof file === 'string' ? file : 'the data'} is not a PNG`);
  let offset = 8;
  let width = 0, height = 0, colorType = 0;
  const idat: Buffer[] = [];
  while (offset < data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    const body = data.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8];
      colorType = body[9];
      if (depth !== 8 || (colorType !== 2 && colorType !== 6) || body[12] !== 0) throw new Error(`unsupported PNG (depth ${depth}, colour type ${colorType}, interlace ${body[12]})`);
    } else if (type === 'IDAT') idat.push(body);
    offset += 12 + length;
  }
  const channels = colorType === 6 ? 4 : 3;
  const stride = width * channels;
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      pixels[y * stride + x] = v & 0xff;
    }
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) rgb.set(pixels.subarray(i * channels, i * channels + 3), i * 3);
  return { width, height, rgb };
}

/** How many pixels have each colour, most common first (colours as #rrggbb). */
export function colourCounts(image: Image): [string, number][] {
  const counts = new Map<string, number>();
  for (let i = 0; i < image.rgb.length; i += 3) {
    const key = `#${[image.rgb[i], image.rgb[i + 1], image.rgb[i + 2]].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]);
}
