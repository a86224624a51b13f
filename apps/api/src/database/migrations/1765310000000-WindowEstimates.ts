import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each monitoring window keeps its confidence-based performance estimate (docs/performance-estimation.md). */
export class WindowEstimates1765310000000 implements MigrationInterface {
  name = 'WindowEstimates1765310000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE monitoring_windows ADD COLUMN estimate jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE monitoring_windows DROP COLUMN estimate`);
  }
}
