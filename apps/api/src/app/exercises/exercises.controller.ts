import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Exercise, Page } from '@rehabit/contracts';
import { CurrentUser, Meta, Roles } from '../auth/decorators';
import type { Principal, RequestMeta } from '../auth/principal';
import { CreateExerciseDto, ExerciseQueryDto, UpdateExerciseDto } from './dto/exercise.dto';
import { ExercisesService } from './exercises.service';

@ApiTags('exercises')
@ApiBearerAuth()
@Controller('exercises')
export class ExercisesController {
  constructor(private readonly exercises: ExercisesService) {}

  @Get()
  @ApiOperation({ summary: "The built-in catalog and the clinic's own exercises, by name" })
  list(
    @CurrentUser() principal: Principal,
    @Query() query: ExerciseQueryDto,
  ): Promise<Page<Exercise>> {
    return this.exercises.list(principal, query);
  }

  @Get(':id')
  @ApiParam({ name: 'id', description: "A built-in's slug or a clinic exercise's UUID" })
  get(@CurrentUser() principal: Principal, @Param('id') id: string): Promise<Exercise> {
    return this.exercises.get(principal, id);
  }

  @Post()
  @Roles('therapist', 'admin')
  @ApiOperation({ summary: "Adds an exercise to the clinic's own library" })
  create(
    @CurrentUser() principal: Principal,
    @Body() body: CreateExerciseDto,
    @Meta() meta: RequestMeta,
  ): Promise<Exercise> {
    return this.exercises.create(principal, body, meta);
  }

  @Patch(':id')
  @Roles('therapist', 'admin')
  @ApiOperation({ summary: "Edits one of the clinic's own exercises; built-ins answer 403" })
  update(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateExerciseDto,
    @Meta() meta: RequestMeta,
  ): Promise<Exercise> {
    return this.exercises.update(principal, id, body, meta);
  }
}
