import { inject, Injectable } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterStateSnapshot, TitleStrategy } from '@angular/router';

const PRODUCT = 'Stress AI Model Monitoring';

/** "<page> · Stress AI Model Monitoring" for every route with a title. */
@Injectable()
export class AppTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);

  override updateTitle(snapshot: RouterStateSnapshot): void {
    const page = this.buildTitle(snapshot);
    this.title.setTitle(page && !page.includes(PRODUCT) ? `${page} · ${PRODUCT}` : (page ?? PRODUCT));
  }
}
