import { Injectable, signal } from '@angular/core';

const STORAGE_KEY = 'sam.chatPanel';

/** Whether the assistant's side panel is open; remembered for the tab, so it survives navigation and reloads. */
@Injectable({ providedIn: 'root' })
export class ChatPanelStore {
  private readonly openSignal = signal(readStored());
  readonly open = this.openSignal.asReadonly();

  toggle(): void {
    this.set(!this.openSignal());
  }

  close(): void {
    this.set(false);
  }

  set(open: boolean): void {
    this.openSignal.set(open);
    try {
      sessionStorage.setItem(STORAGE_KEY, open ? 'open' : 'closed');
    } catch {
      // Storage may be disabled: the panel then forgets on reload.
    }
  }
}

function readStored(): boolean {
  try {
    return sessionStorage.getItem(STORAGE_KEY) === 'open';
  } catch {
    return false;
  }
}
