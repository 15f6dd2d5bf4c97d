import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { OperatorPolicy } from './operator.policy';
import { OperatorsController } from './operators.controller';
import { OperatorsService } from './operators.service';

@Module({
  imports: [AuthModule],
  controllers: [OperatorsController],
  providers: [OperatorsService, OperatorPolicy],
})
export class OperatorsModule {}
