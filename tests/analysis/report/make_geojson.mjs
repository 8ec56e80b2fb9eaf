// Writes DIR/grids.geojson for a run directory: one square per grid (longitude/latitude near
// Beijing, laid out street by street), properties.grid = the grid's name from grids.csv.
// Used by report.browser to exercise the report's GeoJSON map. node make_geojson.mjs DIR...
import fs from 'node:fs';
import path from 'node:path';

for (const dir of process.argv.slice(2)) {
  const lines = fs.readFileSync(path.join(dir, 'grids.csv'), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const [ci, cn, cs, cr] = ['grid', 'grid_name', 'street', 'replication'].map((c) => header.indexOf(c));
  const features = [];
  for (const line of lines.slice(1)) {
    const f = line.split(',');  // grid names here hold no commas or quotes
    if (f[cr] !== '0') continue;
    const g = Number(f[ci]);
    const s = Number(f[cs]);
    const x = 116.3 + (g % 12) * 0.01 + s * 0.13;
    const y = 39.9 + Math.floor(g / 12) * 0.01;
    features.push({
      type: 'Feature',
      properties: { grid: f[cn] },
      geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.009, y], [x + 0.009, y + 0.009], [x, y + 0.009], [x, y]]] },
    });
  }
  fs.writeFileSync(path.join(dir, 'grids.geojson'), JSON.stringify({ type: 'FeatureCollection', features }));
}
