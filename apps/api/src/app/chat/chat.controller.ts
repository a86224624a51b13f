import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpException,
  Logger,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  ChatRequestDto,
  ChatResponseDto,
  ChatStreamEvent,
  ChatStreamEventName,
  ConversationDto,
  ConversationListDto,
  ErrorResponseDto,
  formatChatStreamEvent,
  PaginationQueryDto,
} from '@stress/contracts';
import type { Principal } from '../api-keys/api-keys.service';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { ApiStandardErrors } from '../common/api-standard-errors.decorator';
import { REQUEST_ID_HEADER } from '../common/request-id';
import { ChatThrottle } from './chat-throttle';
import { ChatService, toToolCallDto } from './chat.service';
import { toConversationDto, toConversationSummaryDto } from './conversations.mapper';
import { ConversationsService } from './conversations.service';

/** Comment lines keep proxies from closing a quiet stream while tools run. */
const KEEP_ALIVE_MS = 15_000;

@ApiTags('chat')
@ApiStandardErrors()
@Controller('chat')
export class ChatController {
  private readonly logger = new Logger(ChatController.name);

  constructor(
    private readonly chat: ChatService,
    private readonly conversations: ConversationsService,
    private readonly audit: AuditService,
  ) {}

  @Post()
  @HttpCode(200)
  @ChatThrottle()
  @ApiOperation({
    summary:
      'Ask the monitoring assistant (viewer). Answers come from the monitoring data through tools; LLM mode with OPENAI_API_KEY, rules otherwise',
  })
  @ApiOkResponse({ type: ChatResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'conversationId is not one of your conversations.' })
  async ask(
    @Body() body: ChatRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ChatResponseDto> {
    const abort = abortOnDisconnect(response);
    try {
      return await this.chat.answer(principal, body, { signal: abort.signal });
    } finally {
      abort.dispose();
    }
  }

  @Post('stream')
  @ChatThrottle()
  @ApiOperation({
    summary:
      'Ask the monitoring assistant and receive the answer as Server-Sent Events: start, tool_call, delta, reset, then final (the whole response) or error',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      'text/event-stream. Events: `start` {conversationId}; `tool_call` {name, arguments, summary}; `delta` {text}; `reset` {reason}; `final` (ChatResponse); `error` {statusCode, message, requestId}.',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'conversationId is not one of your conversations.' })
  async stream(
    @Body() body: ChatRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    // Refuse an unknown conversation with a normal JSON 404 before the stream starts.
    if (body.conversationId) await this.conversations.requireAccessible(body.conversationId, principal);

    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.setHeader('Connection', 'keep-alive');
    // nginx and similar proxies buffer responses unless told otherwise.
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    request.socket.setNoDelay(true);

    const abort = abortOnDisconnect(response);
    const send = (event: ChatStreamEvent) => {
      if (!response.writableEnded && !response.destroyed) response.write(formatChatStreamEvent(event));
    };
    const keepAlive = setInterval(() => {
      if (!response.writableEnded && !response.destroyed) response.write(': keep-alive\n\n');
    }, KEEP_ALIVE_MS);
    try {
      const answer = await this.chat.answer(principal, body, {
        signal: abort.signal,
        stream: true,
        observer: {
          start: (conversationId) => send({ event: ChatStreamEventName.Start, data: { conversationId } }),
          toolCall: (run) => send({ event: ChatStreamEventName.ToolCall, data: toToolCallDto(run) }),
          delta: (text) => send({ event: ChatStreamEventName.Delta, data: { text } }),
          reset: (reason) => send({ event: ChatStreamEventName.Reset, data: { reason } }),
        },
      });
      // The conversation is stored: its audit event goes in before the client has the final event.
      await this.audit.recordPending(200, { id: answer.conversationId });
      send({ event: ChatStreamEventName.Final, data: answer });
    } catch (error) {
      if (abort.signal.aborted) {
        this.logger.log('Chat stream closed by the client; the answer was abandoned');
        return;
      }
      const requestId = String(response.getHeader(REQUEST_ID_HEADER) ?? '');
      if (error instanceof HttpException) {
        const payload = error.getResponse();
        const message = typeof payload === 'string' ? payload : String((payload as { message?: unknown }).message ?? error.message);
        send({ event: ChatStreamEventName.Error, data: { statusCode: error.getStatus(), message, requestId } });
      } else {
        this.logger.error(`Chat stream failed: ${(error as Error).stack ?? String(error)}`);
        send({
          event: ChatStreamEventName.Error,
          data: {
            statusCode: 500,
            message: 'The answer could not be produced; try again, and quote the requestId if it persists.',
            requestId,
          },
        });
      }
    } finally {
      clearInterval(keepAlive);
      abort.dispose();
      if (!response.writableEnded) response.end();
    }
  }

  @Get('conversations')
  @ApiOperation({ summary: 'List your own assistant conversations, newest first' })
  @ApiOkResponse({ type: ConversationListDto })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: PaginationQueryDto): Promise<ConversationListDto> {
    const page = await this.conversations.listOwn(principal, query.limit ?? 50, query.offset ?? 0);
    return { items: page.items.map(toConversationSummaryDto), total: page.total };
  }

  @Get('conversations/:id')
  @ApiOperation({ summary: 'One conversation with its messages (its owner key or an admin)' })
  @ApiOkResponse({ type: ConversationDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No conversation with this id among yours.' })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal): Promise<ConversationDto> {
    return toConversationDto(await this.conversations.get(id, principal));
  }

  @Delete('conversations/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a conversation (its owner key or an admin)' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No conversation with this id among yours.' })
  async delete(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.conversations.delete(id, principal);
  }
}

/** Aborts when the client goes away before the response is complete. */
function abortOnDisconnect(response: Response): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onClose = () => {
    if (!response.writableFinished) controller.abort(new Error('client disconnected'));
  };
  response.on('close', onClose);
  return { signal: controller.signal, dispose: () => response.off('close', onClose) };
}
