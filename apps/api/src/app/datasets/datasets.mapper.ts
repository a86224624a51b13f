import { DatasetDto, DatasetSummaryDto } from '@stress/contracts';
import { DatasetListItem, LoadedDataset } from './datasets.types';

export function toDatasetSummaryDto({ dataset, columns }: DatasetListItem): DatasetSummaryDto {
  return {
    id: dataset.id,
    name: dataset.name,
    model: dataset.modelName,
    version: dataset.modelVersion,
    role: dataset.role,
    rowCount: dataset.rowCount,
    sizeBytes: dataset.sizeBytes,
    columns: columns.map((column) => ({ name: column.name, type: column.type, role: column.role })),
    targetColumn: dataset.targetColumn,
    predictionColumn: dataset.predictionColumn,
    probabilityColumn: dataset.probabilityColumn,
    positiveLabel: dataset.positiveLabel,
    delimiter: dataset.delimiter,
    warnings: dataset.warnings,
    createdBy: dataset.createdBy,
    createdAt: dataset.createdAt.toISOString(),
  };
}

export function toDatasetDto(loaded: LoadedDataset): DatasetDto {
  return { ...toDatasetSummaryDto(loaded), profile: loaded.dataset.profile };
}
