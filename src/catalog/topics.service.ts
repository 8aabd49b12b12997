import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AppError } from '../core/errors/app-error.js';
import { isUniqueViolation } from '../core/errors/postgres-errors.js';
import type { CreateTopicInput } from './dto/catalog.inputs.js';
import { TopicEntity } from './topic.entity.js';

@Injectable()
export class TopicsService {
  constructor(@InjectRepository(TopicEntity) private readonly topics: Repository<TopicEntity>) {}

  list(): Promise<TopicEntity[]> {
    return this.topics.find({ order: { name: 'ASC', id: 'ASC' } });
  }

  findByIds(ids: readonly string[]): Promise<TopicEntity[]> {
    return this.topics.findBy({ id: In([...ids]) });
  }

  async create(input: CreateTopicInput): Promise<TopicEntity> {
    try {
      return await this.topics.save(this.topics.create(input));
    } catch (error) {
      if (isUniqueViolation(error)) throw AppError.conflict(`A topic with slug "${input.slug}" already exists.`);
      throw error;
    }
  }
}
