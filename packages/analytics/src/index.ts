export * from './normal.js'
export * from './grid.js'
export * from './gi-star.js'
export * from './fdr.js'
