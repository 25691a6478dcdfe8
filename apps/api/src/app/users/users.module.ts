import { Module } from '@nestjs/common';
import { StaffController } from './staff.controller';
import { UsersService } from './users.service';

@Module({ controllers: [StaffController], providers: [UsersService], exports: [UsersService] })
export class UsersModule {}
