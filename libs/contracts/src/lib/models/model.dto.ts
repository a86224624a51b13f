import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PaginationQueryDto } from '../common/pagination.dto';
import { IsFiniteNumberRecord } from '../metrics/metric-records';
import {
  FeatureRole,
  FeatureType,
  MAX_MODEL_FEATURES,
  MAX_MODEL_TAGS,
  MAX_TRAINING_METRICS,
  MODEL_NAME_PATTERN,
  MODEL_TAG_PATTERN,
  MODEL_VERSION_PATTERN,
  ModelStage,
  ModelTask,
} from './model-enums';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** `POST /api/v1/models` */
export class CreateModelDto {
  /** Unique slug used in URLs: lowercase letters, digits and hyphens, 2–63 characters (`stress-detector`). Cannot be changed later. */
  @IsString()
  @Matches(MODEL_NAME_PATTERN, {
    message: 'name must be a slug: 2–63 lowercase letters, digits or hyphens, starting with a letter or digit',
  })
  name!: string;

  /** Human-readable name; defaults to `name`. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  displayName?: string;

  /** What the model does and for whom. */
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @IsEnum(ModelTask)
  task!: ModelTask;

  /** Team or person responsible, e.g. `ml-platform`. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  owner?: string;

  /** Up to 20 lowercase tags (`wearables`, `team-ml`), to filter the list. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_MODEL_TAGS)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(MODEL_TAG_PATTERN, {
    each: true,
    message: 'each tag must be 1–40 lowercase letters, digits, ".", "_" or "-"',
  })
  tags?: string[];
}

/** `PATCH /api/v1/models/:name`: only the fields sent change. The name cannot change. */
export class UpdateModelDto {
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @IsOptional()
  @IsEnum(ModelTask)
  task?: ModelTask;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  owner?: string;

  /** Replaces the tag list. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_MODEL_TAGS)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(MODEL_TAG_PATTERN, {
    each: true,
    message: 'each tag must be 1–40 lowercase letters, digits, ".", "_" or "-"',
  })
  tags?: string[];
}

/** `GET /api/v1/models?search=&tag=&task=&limit=&offset=` */
export class ListModelsQueryDto extends PaginationQueryDto {
  /** Case-insensitive text found in the name, display name or description. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;

  /** Only models carrying this tag. */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  tag?: string;

  @IsOptional()
  @IsEnum(ModelTask)
  task?: ModelTask;
}

export class ModelDto {
  id!: string;
  name!: string;
  displayName!: string;
  description!: string;
  task!: ModelTask;
  owner!: string;
  tags!: string[];
  /** The version currently in production, or null. */
  productionVersion!: string | null;
  createdAt!: string;
  updatedAt!: string;
}

export class ModelListDto {
  items!: ModelDto[];
  total!: number;
}

/** One line per version in a model's detail. */
export class ModelVersionSummaryDto {
  version!: string;
  stage!: ModelStage;
  createdAt!: string;
}

/** `GET /api/v1/models/:name`: the model and its versions, newest first. */
export class ModelDetailDto extends ModelDto {
  versions!: ModelVersionSummaryDto[];
}

/** One column the model reads or writes. */
export class FeatureDto {
  @IsString()
  @Length(1, 200)
  name!: string;

  @IsEnum(FeatureType)
  type!: FeatureType;

  @IsEnum(FeatureRole)
  role!: FeatureRole;
}

/** `POST /api/v1/models/:name/versions`. A new version starts in stage `none`. */
export class CreateModelVersionDto {
  /** Unique per model: `1.2.0`, `2024-06-01`; 1–64 letters, digits, `.`, `_`, `+` or `-`. */
  @IsString()
  @Matches(MODEL_VERSION_PATTERN, {
    message: 'version must be 1–64 letters, digits, ".", "_", "+" or "-", starting with a letter or digit',
  })
  version!: string;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  /** Library that trained it, e.g. `scikit-learn 1.5`, `xgboost`. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  framework?: string;

  /** Offline evaluation: metric name → number, e.g. `{ "accuracy": 0.91, "f1": 0.88 }`. */
  @IsOptional()
  @IsFiniteNumberRecord(MAX_TRAINING_METRICS)
  trainingMetrics?: Record<string, number>;

  /** The columns: inputs (`feature`), `target`, `prediction`, `probability`. Names must be unique. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_MODEL_FEATURES)
  @ArrayUnique((feature: FeatureDto | null | undefined) => feature?.name, {
    message: 'feature names must be unique',
  })
  @ValidateNested({ each: true })
  @Type(() => FeatureDto)
  features?: FeatureDto[];
}

/** `PATCH /api/v1/models/:name/versions/:version`. Promoting to `production` archives the previous production version. */
export class UpdateModelVersionDto {
  @IsOptional()
  @IsEnum(ModelStage)
  stage?: ModelStage;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;
}

export class ModelVersionDto {
  id!: string;
  /** The model's name. */
  model!: string;
  version!: string;
  stage!: ModelStage;
  description!: string;
  framework!: string;
  trainingMetrics!: Record<string, number>;
  features!: FeatureDto[];
  createdAt!: string;
  updatedAt!: string;
}

export class ModelVersionListDto {
  items!: ModelVersionDto[];
  total!: number;
}

/** `GET /api/v1/models/:name/versions?limit=&offset=` */
export class ListModelVersionsQueryDto extends PaginationQueryDto {
  @IsOptional()
  @IsEnum(ModelStage)
  stage?: ModelStage;
}

/** One stage change of a version. */
export class StageChangeDto {
  from!: ModelStage;
  to!: ModelStage;
  /** When the change was committed (ISO 8601). */
  at!: string;
  /** Who made the change (or the promotion that archived this version): the API key's name, or the name of the person signed in with single sign-on. */
  actor!: string;
}

/** `GET …/versions/:version/stage-history`, oldest first. */
export class StageHistoryDto {
  items!: StageChangeDto[];
}
