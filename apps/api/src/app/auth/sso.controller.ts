import { Controller, Get, HttpCode, NotFoundException, Post, Req, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { assignRequestId } from '../common/request-id';
import { Public } from './auth.decorators';
import { SESSION_COOKIE } from './sessions.service';
import { cookieValue } from './sso-claims';
import { accessRefusedPage, signInFailedPage } from './sso-pages';
import { LOGIN_COOKIE, LOGIN_COOKIE_MAX_AGE_S, SsoService } from './sso.service';

/** Paths of this controller, outside the /api prefix (browsers navigate to them). */
export const SSO_PATHS = ['auth/login', 'auth/callback', 'auth/logout'];

/**
 * The browser side of single sign-on: /auth/login, /auth/callback, /auth/logout. Not an API (redirects and
 * HTML pages), so it is left out of the OpenAPI document. Every route answers 404 without OIDC_ISSUER_URL.
 */
@ApiExcludeController()
@Public()
@Controller({ path: 'auth', version: VERSION_NEUTRAL })
export class SsoController {
  constructor(private readonly sso: SsoService) {}

  @Get('login')
  async login(@Req() request: Request, @Res() response: Response): Promise<void> {
    this.requireEnabled();
    const { redirectUrl, loginCookie } = await this.sso.startLogin(request.query['next']);
    response.cookie(LOGIN_COOKIE, loginCookie, {
      httpOnly: true,
      secure: true,
      sameSite: 'lax',
      path: '/',
      maxAge: LOGIN_COOKIE_MAX_AGE_S * 1000,
    });
    response.setHeader('Cache-Control', 'no-store');
    response.redirect(302, redirectUrl);
  }

  @Get('callback')
  async callback(@Req() request: Request, @Res() response: Response): Promise<void> {
    this.requireEnabled();
    const requestId = assignRequestId(request, response);
    const query = request.originalUrl.includes('?') ? request.originalUrl.slice(request.originalUrl.indexOf('?')) : '';
    const outcome = await this.sso.finishLogin(query, cookieValue(request.headers.cookie, LOGIN_COOKIE), requestId);
    // One attempt per login cookie: a replayed callback finds none.
    response.clearCookie(LOGIN_COOKIE, { httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
    response.setHeader('Cache-Control', 'no-store');
    if (outcome.kind === 'signed-in') {
      response.cookie(SESSION_COOKIE, outcome.sessionId, {
        httpOnly: true,
        secure: true,
        sameSite: 'lax',
        path: '/',
        expires: outcome.expiresAt,
      });
      response.redirect(302, outcome.next);
      return;
    }
    response.type('html');
    if (outcome.kind === 'refused') {
      response.status(403).send(accessRefusedPage(outcome.email, requestId));
      return;
    }
    response.status(400).send(signInFailedPage(outcome.reason, requestId));
  }

  @Post('logout')
  @HttpCode(303)
  async logout(@Req() request: Request, @Res() response: Response): Promise<void> {
    this.requireEnabled();
    const requestId = assignRequestId(request, response);
    // SameSite=Lax already keeps the cookie off cross-site POSTs; an Origin from elsewhere is refused as well.
    const origin = request.headers.origin;
    if (typeof origin === 'string' && origin !== 'null' && origin !== new URL(this.sso.publicUrl).origin) {
      response.status(403).type('html').send(signInFailedPage('Sign-out must come from this site.', requestId));
      return;
    }
    const target = await this.sso.logout(cookieValue(request.headers.cookie, SESSION_COOKIE), requestId);
    response.clearCookie(SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
    response.setHeader('Cache-Control', 'no-store');
    response.redirect(303, target);
  }

  private requireEnabled(): void {
    if (!this.sso.enabled) throw new NotFoundException('Single sign-on is not configured on this server (OIDC_ISSUER_URL).');
  }
}
