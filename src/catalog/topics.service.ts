import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AppError } from '../core/errors/app-error.js';
import { isUniqueViolation } from '../core/errors/postgres-errors.js';
import { byKeys, LoaderKey, type RequestLoaders } from '../core/loaders/request-loaders.js';
import type { CreateTopicInput } from './dto/catalog.inputs.js';
import { TopicEntity } from './topic.entity.js';

const TOPIC_BY_ID = new LoaderKey<string, TopicEntity | null>('topic-by-id');

@Injectable()
export class TopicsService {
  constructor(@InjectRepository(TopicEntity) private readonly topics: Repository<TopicEntity>) {}

  list(): Promise<TopicEntity[]> {
    return this.topics.find({ order: { name: 'ASC', id: 'ASC' } });
  }

  findByIds(ids: readonly string[]): Promise<TopicEntity[]> {
    return this.topics.findBy({ id: In([...ids]) });
  }

  /** Batched per request: the topics of a page of proposals cost one query. */
  loadMany(loaders: RequestLoaders, ids: readonly string[]): Promise<TopicEntity[]> {
    return loaders
      .get(TOPIC_BY_ID, async (keys) => byKeys(keys, await this.findByIds(keys), (t) => t.id))
      .loadMany([...ids])
      .then((rows) => rows.filter((t): t is TopicEntity => t !== null && !(t instanceof Error)));
  }

  async create(input: CreateTopicInput): Promise<TopicEntity> {
    try {
      return await this.topics.save(this.topics.create(input));
    } catch (error) {
      if (isUniqueViolation(error))
        throw AppError.conflict(`A topic with slug "${input.slug}" already exists.`);
      throw error;
    }
  }
}
