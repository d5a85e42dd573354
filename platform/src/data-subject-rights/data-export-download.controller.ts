import { Body, Controller, HttpCode, Logger, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { type AppError, httpStatusOf, isAppError, toClientError, Unauthenticated } from '../errors';
import { requireContext } from '../request-context';
import { DataSubjectRightsService } from './data-subject-rights.service';

/**
 * The one-time download of a finished data export: `POST /data-exports/<request id>` with the customer's
 * access token (`Authorization: Bearer …`) and the JSON body `{ "token": "<download token>" }` (a POST body,
 * so the token never lands in URLs, logs or browser history). Answers the ZIP archive once; afterwards, or
 * after expiry, 409 CONFLICT; a wrong token, another customer's request or an unknown id 404 NOT_FOUND.
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
