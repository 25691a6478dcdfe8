import { HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ExerciseSummary, Exercise as ExerciseView, Page } from '@rehabit/contracts';
import {
  validateExerciseInput,
  type BodyRegion,
  type Dosage,
  type ExerciseCategory,
  type ExerciseInput,
  type Schedule,
} from '@rehabit/domain';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal, RequestMeta } from '../auth/principal';
import { Problem, unprocessable } from '../http/problem';
import type { CreateExerciseDto, ExerciseQueryDto, UpdateExerciseDto } from './dto/exercise.dto';
import { containsPattern, decodeNameCursor, namePage } from './name-keyset';

interface ExerciseRow {
  id: string;
  clinic_id: string | null;
  name: string;
  category: ExerciseCategory;
  regions: BodyRegion[];
  instructions: string[];
  cautions: string[];
  default_dosage: Dosage | null;
  default_schedule: Schedule;
}

const EXERCISE_COLUMNS = `id, clinic_id, name, category, regions, instructions, cautions,
  default_dosage, default_schedule`;

/** Ids are slugs for built-ins and UUIDs for a clinic's own; anything else cannot exist. */
const EXERCISE_ID = /^[a-z0-9][a-z0-9-]{0,79}$/i;

/**
 * The exercise library: the built-in catalog (read-only, shared by every clinic) and each
 * clinic's own exercises, visible to that clinic only. Another clinic's exercise answers 404.
 */
@Injectable()
export class ExercisesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(principal: Principal, query: ExerciseQueryDto): Promise<Page<ExerciseView>> {
    const after = decodeNameCursor(query.cursor);
    const params: unknown[] = [principal.clinicId];
    const where = ['(clinic_id IS NULL OR clinic_id = $1)'];
    if (query.category) where.push(`category = $${params.push(query.category)}`);
    if (query.region) where.push(`$${params.push(query.region)} = ANY(regions)`);
    if (query.q) {
      const pattern = `$${params.push(containsPattern(query.q))}`;
      where.push(`(name ILIKE ${pattern} OR instructions::text ILIKE ${pattern})`);
    }
    if (after) where.push(`(name, id) > ($${params.push(after.name)}, $${params.push(after.id)})`);
    const rows: ExerciseRow[] = await this.dataSource.query(
      `SELECT ${EXERCISE_COLUMNS} FROM exercise WHERE ${where.join(' AND ')}
        ORDER BY name, id LIMIT $${params.push(query.limit + 1)}`,
      params,
    );
    return namePage(rows, query.limit, toExerciseView);
  }

  async get(principal: Principal, id: string): Promise<ExerciseView> {
    return toExerciseView(await this.visibleRow(this.dataSource.manager, principal.clinicId, id));
  }

  async create(
    principal: Principal,
    body: CreateExerciseDto,
    meta: RequestMeta,
  ): Promise<ExerciseView> {
    const input = this.validate(body);
    return this.dataSource.transaction(async (manager) => {
      const id = randomUUID();
      await manager.query(
        `INSERT INTO exercise (id, clinic_id, name, category, regions, instructions, cautions,
           default_dosage, default_schedule, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [id, principal.clinicId, ...columnValues(input), principal.userId],
      );
      await this.audit.record(
        {
          action: 'exercise.created',
          clinicId: principal.clinicId,
          actor: principal,
          entityType: 'exercise',
          entityId: id,
          meta,
        },
        manager,
      );
      return toExerciseView(await this.visibleRow(manager, principal.clinicId, id));
    });
  }

  async update(
    principal: Principal,
    id: string,
    body: UpdateExerciseDto,
    meta: RequestMeta,
  ): Promise<ExerciseView> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.visibleRow(manager, principal.clinicId, id, true);
      if (row.clinic_id === null)
        throw new Problem(
          HttpStatus.FORBIDDEN,
          'Built-in exercises are read-only; create an exercise of your own instead.',
        );
      const current: ExerciseInput = {
        name: row.name,
        category: row.category,
        regions: row.regions,
        instructions: row.instructions,
        cautions: row.cautions,
        defaultDosage: row.default_dosage,
        defaultSchedule: row.default_schedule,
      };
      const changed = Object.entries(body)
        .filter(([, value]) => value !== undefined)
        .map(([key]) => key);
      const merged: Record<string, unknown> = { ...current };
      for (const key of changed) merged[key] = body[key as keyof UpdateExerciseDto];
      const input = this.validate(merged);
      await manager.query(
        `UPDATE exercise SET name = $2, category = $3, regions = $4, instructions = $5,
           cautions = $6, default_dosage = $7, default_schedule = $8,
           version = version + 1, updated_at = now()
         WHERE id = $1`,
        [id, ...columnValues(input)],
      );
      await this.audit.record(
        {
          action: 'exercise.updated',
          clinicId: principal.clinicId,
          actor: principal,
          entityType: 'exercise',
          entityId: id,
          meta,
          detail: { changed },
        },
        manager,
      );
      return toExerciseView(await this.visibleRow(manager, principal.clinicId, id));
    });
  }

  /**
   * Name and category of the given exercises that the clinic may prescribe (built-ins and its
   * own), in one statement: plan validation asks for all of a plan's items at once.
   */
  async summaries(
    clinicId: string,
    ids: readonly unknown[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, ExerciseSummary>> {
    const wanted = [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
    if (wanted.length === 0) return new Map();
    const rows: ExerciseSummary[] = await manager.query(
      `SELECT id, name, category FROM exercise
        WHERE id = ANY($1::varchar[]) AND (clinic_id IS NULL OR clinic_id = $2)`,
      [wanted, clinicId],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  private validate(body: object): ExerciseInput {
    const result = validateExerciseInput(body);
    if (!result.ok) throw unprocessable(result.errors);
    return result.value;
  }

  private async visibleRow(
    manager: EntityManager,
    clinicId: string,
    id: string,
    lock = false,
  ): Promise<ExerciseRow> {
    const rows: ExerciseRow[] = EXERCISE_ID.test(id)
      ? await manager.query(
          `SELECT ${EXERCISE_COLUMNS} FROM exercise
            WHERE id = $1 AND (clinic_id IS NULL OR clinic_id = $2)${lock ? ' FOR UPDATE' : ''}`,
          [id, clinicId],
        )
      : [];
    if (!rows[0]) throw new NotFoundException('No exercise with this id.');
    return rows[0];
  }
}

function columnValues(input: ExerciseInput): unknown[] {
  return [
    input.name,
    input.category,
    input.regions,
    JSON.stringify(input.instructions),
    JSON.stringify(input.cautions),
    input.defaultDosage === null ? null : JSON.stringify(input.defaultDosage),
    JSON.stringify(input.defaultSchedule),
  ];
}

export function toExerciseView(row: ExerciseRow): ExerciseView {
  return {
    id: row.id,
    name: row.name,
    category: row.category,
    regions: row.regions,
    instructions: row.instructions,
    cautions: row.cautions,
    defaultDosage: row.default_dosage,
    defaultSchedule: row.default_schedule,
    builtIn: row.clinic_id === null,
  };
}
