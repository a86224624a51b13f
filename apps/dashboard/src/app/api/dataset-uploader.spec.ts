import { FetchBackend, HttpBackend, HttpClient, HttpXhrBackend, provideHttpClient, withFetch } from '@angular/common/http';
import { createEnvironmentInjector, EnvironmentInjector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { DATASET_UPLOADER_PROVIDERS, DatasetUploader } from './dataset-uploader';

describe('DATASET_UPLOADER_PROVIDERS', () => {
  it('gives the uploader an XHR HttpClient (upload progress) while the app stays on fetch', () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(withFetch())] });
    const root = TestBed.inject(EnvironmentInjector);
    const routes = createEnvironmentInjector(DATASET_UPLOADER_PROVIDERS, root);
    expect(root.get(HttpBackend)).toBeInstanceOf(FetchBackend);
    expect(routes.get(HttpBackend)).toBeInstanceOf(HttpXhrBackend);
    expect(routes.get(HttpClient)).not.toBe(root.get(HttpClient));
    expect(routes.get(DatasetUploader)).toBeInstanceOf(DatasetUploader);
    routes.destroy();
  });
});
