// Types for the two CommonJS modules the tests decode vector tiles with (both come with vt-pbf).
declare module '@mapbox/vector-tile' {
  export class VectorTile {
    constructor(pbf: unknown)
    layers: Record<string, { length: number; extent: number; feature(i: number): { type: number; properties: Record<string, unknown>; toGeoJSON(x: number, y: number, z: number): { geometry: { type: string; coordinates: unknown } } } }>
  }
}
declare module 'pbf' {
  export default class Pbf {
    constructor(buf: Uint8Array)
  }
}
