import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Chunks of kind `formats`: how each number of a column was written, kept while a file streams in so a
 * column that turns text-like late in the file gets its cells' own texts back ("007", "1.50").
 */
export class DatasetCellFormats1764432000000 implements MigrationInterface {
  name = 'DatasetCellFormats1764432000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE dataset_chunks DROP CONSTRAINT dataset_chunks_kind_check`);
    await queryRunner.query(
      `ALTER TABLE dataset_chunks ADD CONSTRAINT dataset_chunks_kind_check CHECK (kind IN ('values', 'sorted', 'formats'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Only uploads in progress hold such chunks.
    await queryRunner.query(`DELETE FROM dataset_chunks WHERE kind = 'formats'`);
    await queryRunner.query(`ALTER TABLE dataset_chunks DROP CONSTRAINT dataset_chunks_kind_check`);
    await queryRunner.query(`ALTER TABLE dataset_chunks ADD CONSTRAINT dataset_chunks_kind_check CHECK (kind IN ('values', 'sorted'))`);
  }
}
