// A real HTTP receiver on loopback for webhook tests: records what arrives and answers with the statuses it is given.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  headers: IncomingHttpHeaders
  body: string
  status: number
}

/** A real HTTP receiver on 127.0.0.1 that answers with the statuses it is given, in turn (then 200). */
export async function startReceiver(statuses: number[] = [], host = '127.0.0.1'): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const status = statuses[received.length] ?? 200
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status })
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://${host}:${port}/hooks/meldpunt`, received, close: () => new Promise((resolve) => server.close(() => resolve())) }
}
