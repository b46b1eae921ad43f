// The staff dashboard's DOM helpers: the shared builders (see ../shared/dom.ts).
export * from '../shared/dom.js'
