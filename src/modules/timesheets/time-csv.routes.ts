import { isUtf8 } from 'node:buffer';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors/index.ts';
import { defineRoute, type HttpApp, inRequestTenant, type WithTenant } from '../../platform/http/index.ts';
import { exportTimeEntries } from './export-time-entries.ts';
import { importTimeEntries } from './import-time-entries.ts';
import { IMPORT, READ, readOnly, tags } from './time-routes-common.ts';
import { ExportQuery, ImportResultSchema } from './timesheets.schema.ts';

/** The largest CSV an import takes (10,000 lines fit comfortably). */
export const IMPORT_BODY_LIMIT = 2 * 1024 * 1024;

/** CSV export of the entries the caller can see. */
export function registerExport(app: HttpApp, withTenant: WithTenant): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/time-entries/export',
    permission: READ,
    summary: 'Export the time entries you can see as CSV',
    description:
      'Entries dated from `from` to `to` (inclusive, at most 366 days), with the columns your clearance allows: the internal note needs confidential clearance.',
    tags,
    schema: {
      querystring: ExportQuery,
      produces: ['text/csv'],
      response: { 200: Type.String({ description: 'text/csv' }) },
    },
    handler: async (request, reply) => {
      const csv = await inRequestTenant(
        withTenant,
        request,
        (tx) => exportTimeEntries(tx, request.query.from, request.query.to),
        readOnly,
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="time-entries-${request.query.from}-${request.query.to}.csv"`,
        )
        .send(csv);
    },
  });
}

/** CSV import: register in a scope of its own (it adds the text/csv body parser). */
export function registerImport(app: HttpApp, withTenant: WithTenant): void {
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT },
    (_request, body, done) => {
      const bytes = body as Buffer;
      if (!isUtf8(bytes)) {
        done(
          new AppError(
            'VALIDATION_FAILED',
            {},
            {
              detail: 'The CSV is not UTF-8 text.',
              fieldProblems: [{ path: '/body', message: 'is not valid UTF-8' }],
            },
          ),
        );
        return;
      }
      done(null, bytes.toString('utf8'));
    },
  );
  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/time-entries/import',
    permission: IMPORT,
    summary: 'Import time entries from CSV: all lines or none',
    description:
      "Send `text/csv` (UTF-8, RFC 4180) with a header naming the columns person_email, project_code, date, minutes and optionally task_name, billable, note. Every line is checked first; when one fails, nothing is imported and every problem is listed with its `line` (1 is the header) and `column`. Each line becomes a draft entry on its person's timesheet of that week; the person must be assigned to the project on that day.",
    tags,
    schema: {
      consumes: ['text/csv'],
      body: Type.String({ description: 'CSV text (text/csv)' }),
      response: { 201: ImportResultSchema },
    },
    handler: async (request, reply) => {
      if (typeof request.body !== 'string')
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', {}, { detail: 'Send the entries as text/csv.' });
      const body = request.body;
      return reply
        .code(201)
        .send(await inRequestTenant(withTenant, request, (tx) => importTimeEntries(tx, body)));
    },
  });
}
