// The resident app's DOM helpers: the shared builders (see ../shared/dom.ts); `fill` replaces an element's children.
export { append, h, uid, type Child, type Props } from '../shared/dom.js'
export { replace as fill } from '../shared/dom.js'
