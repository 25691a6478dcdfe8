import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CreateStaffResponse, Page, StaffMember } from '@rehabit/contracts';
import { CurrentUser, Meta, Roles } from '../auth/decorators';
import type { Principal, RequestMeta } from '../auth/principal';
import { CreateStaffDto, StaffQueryDto, UpdateStaffDto } from './dto/staff.dto';
import { UsersService } from './users.service';

@ApiTags('staff')
@ApiBearerAuth()
@Roles('admin')
@Controller('staff')
export class StaffController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(
    @CurrentUser() principal: Principal,
    @Query() query: StaffQueryDto,
  ): Promise<Page<StaffMember>> {
    return this.users.listStaff(principal, query);
  }

  @Post()
  create(
    @CurrentUser() principal: Principal,
    @Body() body: CreateStaffDto,
    @Meta() meta: RequestMeta,
  ): Promise<CreateStaffResponse> {
    return this.users.createStaff(principal, body, meta);
  }

  @Patch(':id')
  update(
    @CurrentUser() principal: Principal,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Body() body: UpdateStaffDto,
    @Meta() meta: RequestMeta,
  ): Promise<StaffMember> {
    return this.users.updateStaff(principal, id, body, meta);
  }
}
