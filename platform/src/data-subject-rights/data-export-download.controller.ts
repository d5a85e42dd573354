import { Body, Controller, HttpCode, Logger, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { type AppError, httpStatusOf, isAppError, toClientError, Unauthenticated } from '../errors';
import { requireContext } from '../request-context';
import { DataSubjectRightsService } from './data-subject-rights.service';

/**
 * The one-time download of a finished data export: `POST /data-exports/<request id>` with the requester's
 * access token (`Authorization: Bearer …`) and the JSON body `{ "token": "<download token>" }` (a POST body,
 * so the token never lands in URLs, logs or browser history). The requester is the customer for their own
 * `requestDataExport`, or the compliance officer who recorded the person's access request
 * (`recordDataExportRequest`; same bank, and a recent second factor, else 401 STEP_UP_REQUIRED: the archive
 * is every personal datum of a person). Answers the ZIP archive once (audited
 * `data-subject-request.export-fetch`, `by` customer or staff); afterwards, or after expiry, 409 CONFLICT;
 * a wrong token, anyone else's request (another customer, another officer, another bank) or an unknown id
 * 404 NOT_FOUND; a bank administrator 403 FORBIDDEN.
 * Errors have the API's usual body `{ "errors": [{ message, extensions: { code, requestId } }] }`.
 */
@Controller('data-exports')
export class DataExportDownloadController {
  private readonly logger = new Logger('DataExportDownload');

  constructor(private readonly rights: DataSubjectRightsService) {}

  @Post(':id')
  @HttpCode(200)
  async download(
    @Param('id') id: string,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const context = requireContext();
    try {
      if (!context.principal) throw new Unauthenticated('Sign in to download your data export.');
      const token = (body as { token?: unknown } | null)?.token;
      const { fileName, archive } = await this.rights.fetchExport(id, typeof token === 'string' ? token : '');
      return reply
        .code(200)
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .header('cache-control', 'no-store')
        .send(archive);
    } catch (error) {
      const status = isAppError(error) ? httpStatusOf[(error as AppError).code] : 500;
      const client = toClientError(error, context.requestId, {
        error: (message, meta) => this.logger.error(`${message} ${JSON.stringify(meta)}`),
      });
      return reply
        .code(status)
        .header('cache-control', 'no-store')
        .type('application/json')
        .send({ errors: [client] });
    }
  }
}
