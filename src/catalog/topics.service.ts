import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AppError } from '../core/errors/app-error.js';
import { text } from '../core/i18n/text.js';
import { isUniqueViolation } from '../core/errors/postgres-errors.js';
import { byKeys, LoaderKey, type RequestLoaders } from '../core/loaders/request-loaders.js';
import { CATALOG_LIMITS } from './catalog-limits.js';
import type { CreateTopicInput } from './dto/catalog.inputs.js';
import { TopicEntity } from './topic.entity.js';

const TOPIC_BY_ID = new LoaderKey<string, TopicEntity | null>('topic-by-id');

/** A topic as `json_build_object` gives it (TOPICS_JSON_SQL). */
export interface TopicJson {
  id: string;
  slug: string;
  name: string;
  createdAt: string;
}

/**
 * The topics of the proposal `p`, ordered by id, as a JSON array of TopicJson: for a query
 * that reads proposals to read their topics too, and prime the topic loader with them.
 */
export const TOPICS_JSON_SQL = `(SELECT coalesce(json_agg(json_build_object(
    'id', t.id, 'slug', t.slug, 'name', t.name, 'createdAt', t.created_at) ORDER BY t.id), '[]')
  FROM proposal_topic pt JOIN topic t ON t.id = pt.topic_id WHERE pt.proposal_id = p.id)`;

@Injectable()
export class TopicsService {
  constructor(@InjectRepository(TopicEntity) private readonly topics: Repository<TopicEntity>) {}

  list(): Promise<TopicEntity[]> {
    return this.topics.find({ order: { name: 'ASC', id: 'ASC' }, take: CATALOG_LIMITS.topics });
  }

  findByIds(ids: readonly string[]): Promise<TopicEntity[]> {
    return this.topics.findBy({ id: In([...ids]) });
  }

  /** Batched per request: the topics of a page of proposals cost one query. */
  loadMany(loaders: RequestLoaders, ids: readonly string[]): Promise<TopicEntity[]> {
    return this.byIdLoader(loaders)
      .loadMany([...ids])
      .then((rows) => rows.filter((t): t is TopicEntity => t !== null && !(t instanceof Error)));
  }

  /**
   * Topics read by another query (a proposal page reads its rows' topics as JSON), now in the
   * request's loader: asking for them costs nothing more.
   */
  prime(loaders: RequestLoaders, rows: TopicJson[]): void {
    const loader = this.byIdLoader(loaders);
    for (const row of rows) {
      loader.prime(
        row.id,
        this.topics.create({
          id: row.id,
          slug: row.slug,
          name: row.name,
          createdAt: new Date(row.createdAt),
        }),
      );
    }
  }

  async create(input: CreateTopicInput): Promise<TopicEntity> {
    if ((await this.topics.count()) >= CATALOG_LIMITS.topics)
      throw AppError.conflict(
        text('error.conflict.tooManyTopics', { maximum: CATALOG_LIMITS.topics }),
      );
    try {
      return await this.topics.save(this.topics.create(input));
    } catch (error) {
      if (isUniqueViolation(error))
        throw AppError.conflict(text('error.conflict.topicSlugTaken', { slug: input.slug }));
      throw error;
    }
  }

  private byIdLoader(loaders: RequestLoaders) {
    return loaders.get(TOPIC_BY_ID, async (keys) =>
      byKeys(keys, await this.findByIds(keys), (t) => t.id),
    );
  }
}
