// POST /neighbourhoods/upload/preview and /neighbourhoods/upload (admins): the CLI's neighbourhood import from the browser.
// The body is the file (GeoJSON or GeoPackage, any of the content types below); nothing is kept between preview and
// confirm, so confirm sends the file again and is checked again.
import { ErrorCode } from '@meldpunt/core'
import { NEIGHBOURHOOD_UPLOAD_LIMIT_BYTES, NeighbourhoodUploadPreview, NeighbourhoodUploadResult, Problem } from '@meldpunt/core/api'
import { importNeighbourhoods, NeighbourhoodImportError } from '@meldpunt/db'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ProblemError } from '../../lib/problems.js'
import { municipalityOf, principal } from '../staff/context.js'
import { previewOf, readUploadedFile, type UploadedFile } from './upload-file.js'

const FILE_TYPES = ['application/json', 'application/geo+json', 'application/geopackage+sqlite3', 'application/octet-stream']
const ADMIN = ['admin'] as const

const uploads: FastifyPluginAsyncZod = async (app) => {
  // Encapsulated: only these routes take the raw file; everywhere else JSON stays JSON.
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer', bodyLimit: NEIGHBOURHOOD_UPLOAD_LIMIT_BYTES }, (_req, body, done) => done(null, body))

  async function read(req: FastifyRequest): Promise<{ municipality: string; file: UploadedFile }> {
    const municipality = municipalityOf(req, ADMIN)
    if (!Buffer.isBuffer(req.body)) {
      throw new ProblemError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, { detail: `Send the file as the body with one of: ${FILE_TYPES.join(', ')}.` })
    }
    try {
      return { municipality, file: await readUploadedFile(req.body, municipality) }
    } catch (error) {
      throw refusal(error)
    }
  }

  const refusal = (error: unknown): unknown =>
    error instanceof NeighbourhoodImportError
      ? new ProblemError(ErrorCode.VALIDATION, {
          status: 422,
          detail: `The file cannot be imported: ${error.problems.join('; ')}`,
          errors: error.problems.map((message) => ({ field: 'file', code: 'invalid', message })),
        })
      : error

  const common = {
    tags: ['staff'],
    consumes: FILE_TYPES,
  }
  const failures = { 400: Problem, 401: Problem, 403: Problem, 413: Problem, 415: Problem, 422: Problem }

  app.post(
    '/neighbourhoods/upload/preview',
    {
      bodyLimit: NEIGHBOURHOOD_UPLOAD_LIMIT_BYTES,
      schema: {
        ...common,
        summary: 'Check a neighbourhood file and preview it (admins)',
        description:
          'Reads a CBS wijk- en buurtkaart file (GeoJSON or GeoPackage; EPSG:28992 or 4326) and answers the count per type and a ' +
          'simplified WGS84 map of the buurten that would be imported. Stores nothing. A file the import would refuse is 422 with each problem named.',
        response: { 200: NeighbourhoodUploadPreview, ...failures },
      },
    },
    async (req) => {
      const { file } = await read(req)
      return { format: file.format, srid: file.srid, counts: file.counts, ...previewOf(file) }
    },
  )

  app.post(
    '/neighbourhoods/upload',
    {
      bodyLimit: NEIGHBOURHOOD_UPLOAD_LIMIT_BYTES,
      schema: {
        ...common,
        summary: 'Import a neighbourhood file (admins)',
        description:
          'Replaces the municipality\'s neighbourhoods with the buurten of the file in one transaction (any refusal changes nothing), ' +
          'matches the reports to them again and writes an audit entry.',
        response: { 200: NeighbourhoodUploadResult, ...failures },
      },
    },
    async (req) => {
      const { municipality, file } = await read(req)
      const about = { format: file.format, srid: file.srid, counts: file.counts }
      const audit = { staffUserId: principal(req).userId, municipalityCode: municipality, action: 'neighbourhood-import', resource: 'neighbourhoods', detail: about }
      const result = await importNeighbourhoods(app.db, { municipality, srid: file.srid, features: file.features, audit }).catch((error: unknown) => {
        throw refusal(error)
      })
      return { ...about, ...result }
    },
  )
}

export default uploads
