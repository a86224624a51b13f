import { DestroyRef, inject, Signal, signal } from '@angular/core';

/** A CSS media query as a signal (call in an injection context). */
export function mediaQuery(query: string): Signal<boolean> {
  if (typeof matchMedia !== 'function') return signal(false).asReadonly();
  const list = matchMedia(query);
  const matches = signal(list.matches);
  const onChange = (event: MediaQueryListEvent) => matches.set(event.matches);
  list.addEventListener('change', onChange);
  inject(DestroyRef).onDestroy(() => list.removeEventListener('change', onChange));
  return matches.asReadonly();
}
