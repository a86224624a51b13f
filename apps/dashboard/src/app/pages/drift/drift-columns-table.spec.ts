import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatSortHarness } from '@angular/material/sort/testing';
import { ColumnType } from '@stress/contracts';
import type { ColumnDriftDto } from '@stress/contracts';
import { DriftColumnsTable } from './drift-columns-table';
import { driftScore, sortColumns } from './drift-score';

function column(
  name: string,
  stattest: ColumnDriftDto['stattest'],
  statistic: number,
  pValue: number | null,
  threshold: number,
  drifted: boolean,
): ColumnDriftDto {
  return {
    column: name,
    type: ColumnType.Numerical,
    stattest,
    statistic,
    pValue,
    threshold,
    drifted,
    reference: { histogram: { edges: [0, 1, 2], counts: [5, 5] } },
    current: { histogram: { edges: [0, 1, 2], counts: [2, 8] } },
  };
}

// eda: p 0.01 ≤ 0.05 (score 5); heart_rate: distance 0.3 ≥ 0.1 (score 3);
// skin_temp: distance 0.05 (score 0.5); device: p 0.5 (score 0.1).
const COLUMNS = [
  column('device', 'chisquare', 1.2, 0.5, 0.05, false),
  column('heart_rate', 'wasserstein', 0.3, null, 0.1, true),
  column('skin_temp', 'jensenshannon', 0.05, null, 0.1, false),
  column('eda', 'ks', 0.4, 0.01, 0.05, true),
];

describe('driftScore', () => {
  it('puts p-value tests and distances on one scale where ≥ 1 means past the threshold', () => {
    expect(driftScore({ pValue: 0.01, statistic: 0.4, threshold: 0.05 })).toBeCloseTo(5);
    expect(driftScore({ pValue: null, statistic: 0.3, threshold: 0.1 })).toBeCloseTo(3);
    expect(driftScore({ pValue: 0, statistic: 9, threshold: 0.05 })).toBe(Number.MAX_VALUE);
    expect(driftScore({ pValue: 0.5, statistic: 1, threshold: 0.05 })).toBeLessThan(1);
  });

  it('sorts drifted columns first, most drifted first', () => {
    expect(sortColumns(COLUMNS, 'drift', 'desc').map((c) => c.column)).toEqual(['eda', 'heart_rate', 'skin_temp', 'device']);
    expect(sortColumns(COLUMNS, 'drift', 'asc').map((c) => c.column)).toEqual(['device', 'skin_temp', 'heart_rate', 'eda']);
    expect(sortColumns(COLUMNS, 'column', '').map((c) => c.column)).toEqual(['eda', 'heart_rate', 'skin_temp', 'device']);
  });
});

describe('DriftColumnsTable', () => {
  let fixture: ComponentFixture<DriftColumnsTable>;
  let loader: HarnessLoader;

  beforeEach(async () => {
    await TestBed.configureTestingModule({ imports: [DriftColumnsTable] }).compileComponents();
    fixture = TestBed.createComponent(DriftColumnsTable);
    fixture.componentRef.setInput('columns', COLUMNS);
    loader = TestbedHarnessEnvironment.loader(fixture);
    fixture.detectChanges();
    await fixture.whenStable();
  });

  const order = () =>
    [...(fixture.nativeElement as HTMLElement).querySelectorAll('tr[data-column]')].map((row) => row.getAttribute('data-column'));

  it('lists the most drifted columns first, with test, statistic, p-value, threshold and verdict', () => {
    expect(order()).toEqual(['eda', 'heart_rate', 'skin_temp', 'device']);
    const first = (fixture.nativeElement as HTMLElement).querySelector('tr[data-column="eda"]');
    const cells = [...(first?.querySelectorAll('td') ?? [])].map((cell) => cell.textContent?.trim());
    expect(cells).toEqual(['eda', 'numerical', 'ks', '0.4', '0.0100', '0.05', 'Drift']);
    const distance = (fixture.nativeElement as HTMLElement).querySelector('tr[data-column="heart_rate"]');
    expect(distance?.querySelectorAll('td')[4].textContent?.trim()).toBe('—');
  });

  it('sorts by p-value ascending then descending (distances have none and go last ascending)', async () => {
    const sort = await loader.getHarness(MatSortHarness);
    const header = (await sort.getSortHeaders({ label: 'p-value' }))[0];
    await header.click();
    expect(await header.getSortDirection()).toBe('asc');
    expect(order()).toEqual(['eda', 'device', 'heart_rate', 'skin_temp']);
    await header.click();
    expect(await header.getSortDirection()).toBe('desc');
    expect(order()).toEqual(['heart_rate', 'skin_temp', 'device', 'eda']);
  });

  it('sorts by column name and by statistic', async () => {
    const sort = await loader.getHarness(MatSortHarness);
    await (await sort.getSortHeaders({ label: 'Column' }))[0].click();
    expect(order()).toEqual(['device', 'eda', 'heart_rate', 'skin_temp']);
    await (await sort.getSortHeaders({ label: 'Statistic' }))[0].click();
    expect(order()).toEqual(['skin_temp', 'heart_rate', 'eda', 'device']);
  });

  it('picking a column reports it to the page', () => {
    const button = (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('[data-testid="drift-column-device"]');
    button?.click();
    fixture.detectChanges();
    expect(fixture.componentInstance.selected()).toBe('device');
    expect(button?.getAttribute('aria-pressed')).toBe('true');
  });
});
