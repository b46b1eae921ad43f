// Type declarations for Vite's client features (import.meta.env, ?url imports, CSS imports).
/// <reference types="vite/client" />
