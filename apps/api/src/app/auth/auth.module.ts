import { Module, Provider } from '@nestjs/common';
import { AppConfigService } from '../../config/app-config.service';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { ApiThrottlerGuard } from './api-throttler.guard';
import { AuthController } from './auth.controller';
import { AuthenticationGuard } from './authentication.guard';
import { AuthorizationGuard } from './authorization.guard';
import { OIDC_PROTOCOL, OidcProtocol } from './oidc-protocol';
import { SessionsService } from './sessions.service';
import { SessionsStore } from './sessions.store';
import { SsoController } from './sso.controller';
import { SsoService } from './sso.service';
import { UsersController } from './users.controller';

/** The OpenID Connect client, or null without OIDC_ISSUER_URL (then only API keys authenticate). */
const oidcProtocolProvider: Provider = {
  provide: OIDC_PROTOCOL,
  inject: [AppConfigService],
  useFactory: (config: AppConfigService): OidcProtocol | null => {
    const issuer = config.get('OIDC_ISSUER_URL');
    const clientId = config.get('OIDC_CLIENT_ID');
    const publicUrl = config.get('PUBLIC_URL');
    if (!issuer || !clientId || !publicUrl) return null;
    return new OidcProtocol({
      issuer,
      clientId,
      clientSecret: config.get('OIDC_CLIENT_SECRET'),
      redirectUri: `${publicUrl.replace(/\/+$/, '')}/auth/callback`,
      scopes: config.get('OIDC_SCOPES'),
      allowInsecureHttp: config.get('OIDC_ALLOW_INSECURE_HTTP'),
    });
  },
};

/** API keys and single-sign-on sessions. Global guards run in the order registered: authenticate → rate-limit → authorise. */
@Module({
  imports: [ApiKeysModule],
  controllers: [AuthController, SsoController, UsersController],
  providers: [
    SessionsStore,
    SessionsService,
    SsoService,
    oidcProtocolProvider,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: ApiThrottlerGuard },
    { provide: APP_GUARD, useClass: AuthorizationGuard },
  ],
})
export class AuthModule {}
