import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A batch accepted under an Idempotency-Key, written in the batch's own transaction:
 * a retry finds it and stores nothing twice. (Points themselves have no entity: they are
 * written by COPY or unnest and read by aggregate SQL only.)
 */
@Entity({ name: 'metric_ingest_requests' })
export class MetricIngestRequestEntity {
  @PrimaryColumn({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey!: string;

  /** SHA-256 of the batch, to refuse the same key for a different batch. */
  @Column({ name: 'request_hash', type: 'bytea' })
  requestHash!: Buffer;

  @Column({ type: 'integer' })
  accepted!: number;

  @Column({ type: 'varchar', length: 100 })
  actor!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
