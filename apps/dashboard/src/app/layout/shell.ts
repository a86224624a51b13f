import { DOCUMENT, NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, ElementRef, inject, signal, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatListModule } from '@angular/material/list';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { filter, map } from 'rxjs';
import { AuthStore } from '../core/auth/auth-store';
import { ChatPanel } from '../features/chat/chat-panel';
import { NAVIGATION } from '../navigation';
import { FiringAlertsStore } from '../pages/alerts/firing-alerts-store';
import { LoadingState } from '../shared/ui/loading-state';
import { ChatPanelStore } from './chat-panel-store';
import { mediaQuery } from './media-query';
import { ThemeStore } from './theme-store';

@Component({
  selector: 'sam-shell',
  imports: [
    RouterOutlet,
    NgTemplateOutlet,
    RouterLink,
    RouterLinkActive,
    MatToolbarModule,
    MatSidenavModule,
    MatListModule,
    MatButtonModule,
    ChatPanel,
    LoadingState,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [FiringAlertsStore],
  templateUrl: './shell.html',
  host: { '(document:keydown.escape)': 'closeNav(true)' },
  styleUrl: './shell.scss',
})
export class Shell {
  protected readonly auth = inject(AuthStore);
  protected readonly theme = inject(ThemeStore);
  protected readonly chatPanel = inject(ChatPanelStore);
  /** Rules firing now, for the badge beside Alerts. */
  protected readonly alerts = inject(FiringAlertsStore);
  private readonly router = inject(Router);
  private readonly document = inject(DOCUMENT);
  protected readonly navigation = NAVIGATION;

  /** Wide screens keep the assistant beside the page; narrower ones lay it over the page. */
  protected readonly wide = mediaQuery('(min-width: 1280px)');
  /** Phones and narrow windows: the navigation becomes a menu laid over the page. */
  protected readonly narrow = mediaQuery('(max-width: 767.98px)');
  /** Whether the navigation menu is open (narrow screens only; wide ones always show it). */
  protected readonly navOpen = signal(false);
  private readonly url = toSignal(
    this.router.events.pipe(
      filter((event) => event instanceof NavigationEnd),
      map(() => this.router.url),
    ),
    { initialValue: this.router.url },
  );
  /** The assistant page is the panel's big sibling: no panel on it. */
  protected readonly onChatPage = computed(() => /^\/chat(\/|\?|#|$)/.test(this.url()));
  /** Phones have no side panel: their assistant button opens the assistant's page. */
  protected readonly chatPanelOpen = computed(() => this.chatPanel.open() && !this.onChatPage() && !this.narrow());
  private readonly navToggle = viewChild<ElementRef<HTMLElement>>('navToggle');

  constructor() {
    // Following a link in the menu closes it.
    effect(() => {
      this.url();
      this.navOpen.set(false);
    });
  }

  protected toggleNav(): void {
    this.navOpen.update((open) => !open);
  }

  /** Escape closes the menu and gives the focus back to its button. */
  protected closeNav(refocus: boolean): void {
    if (!this.navOpen()) return;
    this.navOpen.set(false);
    if (refocus) this.navToggle()?.nativeElement.focus();
  }

  /**
   * The assistant panel opened or closed beside the page, so the page is wider or narrower:
   * charts size themselves on window resizes only, so tell them.
   */
  protected reflowCharts(): void {
    this.document.defaultView?.dispatchEvent(new Event('resize'));
  }

  /** With `<base href="/">`, `#main` would load the root page: move the focus instead. */
  protected skipToMain(event: Event): void {
    event.preventDefault();
    this.document.getElementById('main')?.focus();
  }

  protected signOut(): void {
    this.auth.signOut();
    void this.router.navigate(['/signin']);
  }
}
