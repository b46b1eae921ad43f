// Tiny DOM and SVG builders shared by the resident app and the staff dashboard: elements from tag, attributes and children, never HTML strings (CSP-safe).

export type Child = Node | string | number | null | undefined | false | Child[]
type Handler = (event: Event) => void
export type Props = Record<string, string | number | boolean | null | undefined | Handler>

// Properties that must be set on the element, not as attributes, to take effect after the element is live.
const PROPERTY_NAMES = new Set(['value', 'checked', 'disabled', 'selected', 'indeterminate'])

function applyProps(el: Element, props: Props | null): void {
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value)
    else if (name === 'style') throw new Error('h(): a style attribute breaks under the CSP; use a class')
    else if (PROPERTY_NAMES.has(name) && el instanceof HTMLElement) (el as unknown as Record<string, unknown>)[name] = value
    else el.setAttribute(name, value === true ? '' : String(value))
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  applyProps(el, props)
  append(el, children)
  return el
}

const SVG_NS = 'http://www.w3.org/2000/svg'

/** An SVG element; presentation attributes (fill, stroke) are attributes, not styles, so the CSP allows them. */
export function s<K extends keyof SVGElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag)
  applyProps(el, props)
  append(el, children)
  return el
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    if (Array.isArray(child)) append(parent, child)
    else parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)))
  }
}

export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren()
  append(parent, children)
}

let idCounter = 0
/** A document-unique id for label/aria wiring. */
export function uid(prefix: string): string {
  idCounter += 1
  return `${prefix}-${idCounter}`
}

/** A polite status region whose text screen readers announce when it changes. */
export function liveRegion(className = 'status'): HTMLElement {
  return h('p', { class: className, role: 'status', 'aria-live': 'polite' })
}
