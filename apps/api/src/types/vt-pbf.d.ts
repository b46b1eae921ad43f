// Types for vt-pbf 3, which ships none: only the function the tile encoder uses.
declare module 'vt-pbf' {
  export function fromGeojsonVt(layers: Record<string, { features: unknown[] }>, options?: { version?: number; extent?: number }): Uint8Array
}
