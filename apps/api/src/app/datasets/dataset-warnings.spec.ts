import 'reflect-metadata';
import { ColumnProfileDto, ColumnType, DatasetWarningCode } from '@stress/contracts';
import { datasetWarnings } from './dataset-warnings';

function column(name: string, count: number, missing: number, distinct: number): ColumnProfileDto {
  return { name, type: ColumnType.Categorical, count, missing, distinct } as ColumnProfileDto;
}

describe('datasetWarnings', () => {
  it('warns about a column more than 20% missing, with its share and counts', () => {
    const warnings = datasetWarnings([column('hr', 79, 21, 50), column('eda', 80, 20, 50)], 100, null);
    expect(warnings).toEqual([
      { code: DatasetWarningCode.ManyMissing, column: 'hr', message: 'Column "hr" is 21.0% missing (21 of 100 rows).' },
    ]);
  });

  it('warns about a constant column, not about an empty one', () => {
    const warnings = datasetWarnings([column('device', 10, 0, 1), column('empty', 0, 0, 0)], 10, null);
    expect(warnings.map((warning) => [warning.code, warning.column])).toEqual([[DatasetWarningCode.Constant, 'device']]);
  });

  it("names the current dataset's columns its reference lacks", () => {
    const reference = { name: 'training', modelName: 'stress-detector', modelVersion: '1.1.0', profile: [column('hr', 5, 0, 5)] };
    const warnings = datasetWarnings([column('hr', 5, 0, 5), column('steps', 5, 0, 5)], 5, reference);
    expect(warnings).toEqual([
      {
        code: DatasetWarningCode.NotInReference,
        column: 'steps',
        message: 'Column "steps" is not in the reference dataset "training" of stress-detector 1.1.0: drift reports cannot compare it.',
      },
    ]);
  });

  it('leaves an empty dataset without warnings', () => {
    expect(datasetWarnings([column('hr', 0, 0, 0)], 0, null)).toEqual([]);
  });
});
