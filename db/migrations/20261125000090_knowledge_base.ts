import type { Knex } from 'knex';

/**
 * Knowledge base (docs/knowledge-base.md): categories → sections → articles; an article has one translation per
 * language, each with its own state and revision history. Names of categories and sections are per-language
 * JSON maps (`{ en: { name, description } }`): they are short and always read whole.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('kb_categories', (t) => {
    t.bigIncrements('id');
    t.text('slug').notNullable().unique('kb_categories_slug_unique');
    t.integer('position').notNullable().defaultTo(0);
    t.jsonb('translations').notNullable().defaultTo('{}');
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('kb_sections', (t) => {
    t.bigIncrements('id');
    // RESTRICT: a category with sections cannot be deleted (409), even by a race past the service's check.
    t.bigInteger('category_id').notNullable().references('kb_categories.id').onDelete('RESTRICT');
    t.text('slug').notNullable();
    t.integer('position').notNullable().defaultTo(0);
    t.jsonb('translations').notNullable().defaultTo('{}');
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['category_id', 'slug'], { indexName: 'kb_sections_slug_unique' });
  });

  await knex.schema.createTable('kb_articles', (t) => {
    t.bigIncrements('id');
    t.bigInteger('section_id').notNullable().references('kb_sections.id').onDelete('RESTRICT');
    t.text('kind').notNullable().checkIn(['article', 'tutorial']);
    t.text('visibility').notNullable().checkIn(['public', 'internal']);
    t.bigInteger('view_count').notNullable().defaultTo(0);
    t.integer('helpful_yes').notNullable().defaultTo(0);
    t.integer('helpful_no').notNullable().defaultTo(0);
    t.bigInteger('created_by').references('workers.id').onDelete('SET NULL');
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['section_id', 'id']);
  });

  await knex.schema.createTable('kb_article_translations', (t) => {
    t.bigIncrements('id');
    t.bigInteger('article_id').notNullable().references('kb_articles.id').onDelete('CASCADE');
    t.text('language').notNullable();
    t.text('title').notNullable();
    t.text('slug').notNullable();
    t.text('body_html').notNullable();
    /** Plain text of the body and steps: what the index and the bot's passages use. */
    t.text('body_text').notNullable();
    t.jsonb('steps');
    t.text('state').notNullable().checkIn(['draft', 'published', 'archived']);
    t.integer('revision').notNullable();
    t.timestamp('published_at', { useTz: true });
    t.bigInteger('author_id').references('workers.id').onDelete('SET NULL');
    /** KB files this content links to: a file is public while a published public translation references it. */
    t.specificType('file_ids', 'bigint[]').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['article_id', 'language'], { indexName: 'kb_article_translations_language_unique' });
    t.index(['language', 'state']);
  });
  await knex.raw('CREATE INDEX kb_article_translations_file_ids ON kb_article_translations USING gin (file_ids)');

  await knex.schema.createTable('kb_article_revisions', (t) => {
    t.bigIncrements('id');
    t.bigInteger('translation_id').notNullable().references('kb_article_translations.id').onDelete('CASCADE');
    t.integer('revision').notNullable();
    t.text('title').notNullable();
    t.text('body_html').notNullable();
    t.jsonb('steps');
    t.bigInteger('author_id').references('workers.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['translation_id', 'revision'], { indexName: 'kb_article_revisions_unique' });
  });

  await knex.schema.createTable('kb_article_related', (t) => {
    t.bigInteger('article_id').notNullable().references('kb_articles.id').onDelete('CASCADE');
    t.bigInteger('related_id').notNullable().references('kb_articles.id').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.primary(['article_id', 'related_id']);
    t.index(['related_id']);
  });

  await knex.schema.createTable('kb_feedback', (t) => {
    t.bigIncrements('id');
    t.bigInteger('article_id').notNullable().references('kb_articles.id').onDelete('CASCADE');
    t.text('language').notNullable();
    t.boolean('helpful').notNullable();
    t.text('comment');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['article_id', 'id']);
  });

  await knex.schema.createTable('kb_files', (t) => {
    t.bigIncrements('id');
    t.text('file_name').notNullable();
    t.text('content_type').notNullable();
    t.bigInteger('size').notNullable();
    t.text('sha256').notNullable();
    t.text('storage_key').notNullable().unique();
    t.text('uploaded_by_type').notNullable();
    t.bigInteger('uploaded_by_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['kb_files', 'kb_feedback', 'kb_article_related', 'kb_article_revisions', 'kb_article_translations', 'kb_articles', 'kb_sections', 'kb_categories']) {
    await knex.schema.dropTableIfExists(table);
  }
}
