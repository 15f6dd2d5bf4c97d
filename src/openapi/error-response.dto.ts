import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The one error shape every route answers with (Nest's `{ statusCode, error, message }`, plus our
 * `code` for domain errors); see `HttpErrorFilter`. Some domain errors add fields (`violations`…).
 */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'what went wrong; one line per invalid field for a 400',
    example: ['phone must be a Vietnamese phone number'],
  })
  message!: string | string[];

  @ApiPropertyOptional({ description: 'the domain error code, for errors raised by a service' })
  code?: string;

  @ApiPropertyOptional({ description: 'for a 500: the id of the logged error' })
  errorId?: string;
}
