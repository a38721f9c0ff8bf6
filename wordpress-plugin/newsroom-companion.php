<?php
/**
 * Plugin Name: Newsroom Companion
 * Description: What the Newsroom desktop app needs from WordPress and core lacks: client UUIDs with
 *              idempotent create, a per-post revision counter with ETag/If-Match, Markdown source and
 *              workflow meta, and a change feed that also sees cron publishes and deletions.
 * Version:     1.0.0
 * Requires at least: 6.1
 * Requires PHP: 8.2
 * License:     GPL-2.0-or-later
 *
 * Install as a must-use plugin: copy this single file into wp-content/mu-plugins/. No settings.
 * The API is documented in docs/wordpress-plugin.md of the Newsroom repository.
 *
 * Design notes (why it is built this way):
 * - Checks that must not leave half-written posts (duplicate UUID, stale If-Match, review-only
 *   workflow states) run in `rest_dispatch_request`, i.e. after core's permission check and
 *   before the endpoint callback writes anything. Core saves the post row before its meta, so
 *   rejecting later would be a partial write.
 * - "Exactly one post per UUID" and "If-Match is atomic" rely on MariaDB/MySQL named locks
 *   (GET_LOCK): they are per connection, every PHP worker has its own connection, and the server
 *   drops them if a worker dies, so a crashed request cannot wedge the site.
 * - During a REST write, core fires `save_post` before meta and terms are stored. The revision bump
 *   and change-feed entry are therefore deferred to the end of the request, so that anyone who
 *   sees rev N (or the feed entry) and fetches the post gets the complete state of rev N.
 * - The change feed is a table with an AUTO_INCREMENT sequence. Inserts are serialized by a named
 *   lock, so the committed rows are always a prefix of the sequence and a reader's cursor can
 *   never skip a row that commits late.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Newsroom_Companion
{
    public const VERSION = '1.0.0';
    /** Bumped when the REST contract changes incompatibly; the app checks it via /info. */
    public const API_VERSION = 1;
    private const SCHEMA_VERSION = '1';
    private const POST_TYPE = 'post';
    private const LOCK_TIMEOUT_S = 10;

    public const META_UUID = 'newsroom_uuid';
    public const META_MARKDOWN = 'newsroom_markdown';
    public const META_WORKFLOW = 'newsroom_workflow_state';
    public const META_REV = 'newsroom_rev';
    /** md5 of post_content when the Markdown was last written: tells whether it still matches. */
    private const META_MARKDOWN_HASH = '_newsroom_markdown_hash';

    public const WORKFLOW_STATES = ['', 'draft', 'in_review', 'changes_requested', 'approved', 'scheduled', 'published', 'withdrawn'];
    /** States only a reviewer (edit_others_posts) may set: a journalist cannot approve their own text. */
    private const REVIEW_STATES = ['changes_requested', 'approved'];

    private const UUID_RE = '/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/';

    /** @var array<int, true> posts saved during the current REST write, flushed at its end */
    private static array $pending = [];
    /** @var array<int, string> status each post had before its first transition in this request */
    private static array $old_status = [];
    /** @var array<int, array> what a tombstone needs, captured before core deletes the meta */
    private static array $deleting = [];
    /** @var string[] named locks held by this request */
    private static array $locks = [];
    private static bool $in_rest_write = false;

    public static function boot(): void
    {
        add_action('init', [self::class, 'register_meta']);
        add_action('init', [self::class, 'ensure_schema'], 1);
        add_action('rest_api_init', [self::class, 'register_rest']);
        add_filter('rest_post_collection_params', [self::class, 'collection_params']);
        add_filter('rest_post_query', [self::class, 'filter_query'], 10, 2);
        add_filter('rest_dispatch_request', [self::class, 'guard_write'], 10, 4);
        add_filter('rest_request_after_callbacks', [self::class, 'end_rest_request'], 10, 3);
        add_action('rest_after_insert_post', [self::class, 'after_rest_insert'], 10, 3);
        add_filter('rest_prepare_post', [self::class, 'add_etag'], 10, 2);
        add_filter('rest_post_dispatch', [self::class, 'add_error_etag']);
        add_filter('rest_exposed_cors_headers', static fn(array $h) => array_merge($h, ['ETag']));
        add_action('transition_post_status', [self::class, 'remember_old_status'], 10, 3);
        add_action('save_post', [self::class, 'on_save'], 10, 2);
        add_action('before_delete_post', [self::class, 'before_delete'], 10, 2);
        add_action('deleted_post', [self::class, 'after_delete'], 10, 2);
        add_action('shutdown', [self::class, 'flush_pending']);
        // The meta rules hold on every write path, not only REST: wp-admin's custom fields,
        // XML-RPC, WP-CLI and post-duplicating plugins all end in these two filters.
        add_filter('update_post_metadata', [self::class, 'guard_meta_update'], 10, 5);
        add_filter('add_post_metadata', [self::class, 'guard_meta_add'], 10, 5);
        add_action('post_updated', [self::class, 'review_again_after_edit'], 10, 3);
    }

    // ---------------------------------------------------------------- schema and registration

    /** Creates the change-feed table once per schema version (a must-use plugin has no activation hook). */
    public static function ensure_schema(): void
    {
        if (wp_installing() || get_option('newsroom_companion_schema') === self::SCHEMA_VERSION) {
            return;
        }
        global $wpdb;
        $table = self::feed_table();
        $charset = $wpdb->get_charset_collate();
        $wpdb->query(
            "CREATE TABLE IF NOT EXISTS {$table} (
                seq BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
                post_id BIGINT UNSIGNED NOT NULL,
                kind VARCHAR(16) NOT NULL,
                post_status VARCHAR(20) NOT NULL,
                old_status VARCHAR(20) NOT NULL DEFAULT '',
                author BIGINT UNSIGNED NOT NULL DEFAULT 0,
                is_public TINYINT(1) NOT NULL DEFAULT 0,
                uuid VARCHAR(36) NOT NULL DEFAULT '',
                rev BIGINT UNSIGNED NOT NULL DEFAULT 0,
                changed_at DATETIME(6) NOT NULL,
                PRIMARY KEY (seq),
                KEY post_seq (post_id, seq)
            ) {$charset}"
        );
        if ($wpdb->last_error === '') {
            update_option('newsroom_companion_schema', self::SCHEMA_VERSION, true);
        }
    }

    public static function register_meta(): void
    {
        // Whoever may edit the post may set its meta (a contributor on their own drafts); the
        // reviewer-only workflow states are enforced separately in guard_write().
        $can_edit = static fn($allowed, $key, $post_id, $user_id) => user_can($user_id, 'edit_post', $post_id);
        register_post_meta(self::POST_TYPE, self::META_UUID, [
            'type' => 'string',
            'single' => true,
            'default' => '',
            'description' => 'Client-generated UUID of the Newsroom article (lowercase, immutable once set).',
            'sanitize_callback' => static fn($v) => strtolower(trim((string) $v)),
            'auth_callback' => $can_edit,
            'show_in_rest' => ['schema' => ['pattern' => '^$|^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$']],
        ]);
        register_post_meta(self::POST_TYPE, self::META_MARKDOWN, [
            'type' => 'string',
            'single' => true,
            'default' => '',
            'description' => 'Markdown source of the content, as written in Newsroom.',
            'auth_callback' => $can_edit,
            'show_in_rest' => true,
        ]);
        register_post_meta(self::POST_TYPE, self::META_WORKFLOW, [
            'type' => 'string',
            'single' => true,
            'default' => '',
            'description' => 'Newsroom workflow state (finer than post_status: approved, changes_requested…).',
            'auth_callback' => $can_edit,
            'show_in_rest' => ['schema' => ['enum' => self::WORKFLOW_STATES]],
        ]);
    }

    public static function register_rest(): void
    {
        register_rest_field(self::POST_TYPE, 'newsroom_rev', [
            // The meta cache is primed for the whole page by WP_Query and cleared by bump_rev(), so
            // this costs no query per item and is never older than this request's own writes.
            'get_callback' => static fn(array $post) => (int) get_post_meta((int) $post['id'], self::META_REV, true),
            'schema' => [
                'description' => 'Revision counter, bumped on every save; also sent as the ETag header.',
                'type' => 'integer',
                'context' => ['view', 'edit', 'embed'],
                'readonly' => true,
            ],
        ]);
        register_rest_field(self::POST_TYPE, 'newsroom_markdown_fresh', [
            'get_callback' => static function (array $post): bool {
                $hash = get_post_meta((int) $post['id'], self::META_MARKDOWN_HASH, true);
                return $hash !== '' && $hash === md5((string) get_post_field('post_content', (int) $post['id'], 'raw'));
            },
            'schema' => [
                'description' => 'False when the content was changed without updating newsroom_markdown (e.g. in the WordPress editor).',
                'type' => 'boolean',
                'context' => ['edit'],
                'readonly' => true,
            ],
        ]);
        register_rest_route('newsroom/v1', '/info', [
            'methods' => 'GET',
            'callback' => [self::class, 'rest_info'],
            'permission_callback' => '__return_true',
        ]);
        register_rest_route('newsroom/v1', '/changes', [
            'methods' => 'GET',
            'callback' => [self::class, 'rest_changes'],
            'permission_callback' => static fn() => current_user_can('edit_posts'),
            'args' => [
                'since' => ['type' => 'integer', 'minimum' => 0, 'default' => 0],
                'limit' => ['type' => 'integer', 'minimum' => 1, 'maximum' => 500, 'default' => 100],
            ],
        ]);
    }

    public static function collection_params(array $params): array
    {
        $params['newsroom_uuid'] = [
            'description' => 'Only the post with this Newsroom UUID, in any status incl. trash for users who can edit posts.',
            'type' => 'string',
        ];
        return $params;
    }

    /** `GET /wp/v2/posts?newsroom_uuid=…`: the look-up the app does before (re)creating a post. */
    public static function filter_query(array $args, WP_REST_Request $request): array
    {
        $uuid = $request->get_param('newsroom_uuid');
        if (!is_string($uuid) || $uuid === '') {
            return $args;
        }
        $args['meta_query'] = [['key' => self::META_UUID, 'value' => strtolower($uuid)]];
        // has_param() would see the endpoint's default status ("publish"), so look at what was sent.
        $explicit_status = array_key_exists('status', $request->get_query_params());
        if (current_user_can('edit_posts') && !$explicit_status) {
            // Core still filters each result through its read permission check.
            $args['post_status'] = ['publish', 'future', 'draft', 'pending', 'private', 'trash'];
        }
        return $args;
    }

    // ---------------------------------------------------------------- REST write guard

    /**
     * Runs after core's permission check, before the endpoint writes anything. Returning a
     * WP_Error stops the request with nothing changed.
     */
    public static function guard_write($result, WP_REST_Request $request, $route, $handler)
    {
        if ($result !== null) {
            return $result;
        }
        $method = $request->get_method();
        $path = $request->get_route();
        $is_create = $method === 'POST' && $path === '/wp/v2/posts';
        $id = preg_match('#^/wp/v2/posts/(\d+)$#', $path, $m) && $method !== 'GET' && $method !== 'HEAD' ? (int) $m[1] : 0;
        if (!$is_create && $id === 0) {
            return null;
        }
        self::$in_rest_write = true;
        $meta = $request->get_param('meta');
        $meta = is_array($meta) ? $meta : [];

        $error = self::check_review_state($meta, $id);
        if ($error) {
            return $error;
        }
        if ($id > 0) {
            // Serialize REST writes to this post so that the If-Match check and the write are atomic.
            if (!self::lock('post:' . $id)) {
                return self::busy();
            }
            $error = self::check_if_match($request, $id) ?? self::check_uuid_change($meta, $id);
            if ($error) {
                return $error;
            }
        }
        if ($is_create && isset($meta[self::META_UUID]) && $meta[self::META_UUID] !== '') {
            $uuid = strtolower((string) $meta[self::META_UUID]);
            if (!preg_match(self::UUID_RE, $uuid)) {
                return new WP_Error('newsroom_invalid_uuid', 'meta.newsroom_uuid must be a UUID.', ['status' => 400]);
            }
            // Held until the create has stored its meta (end_rest_request), so a concurrent retry
            // with the same UUID waits and then sees this post.
            if (!self::lock('uuid:' . $uuid)) {
                return self::busy();
            }
            $existing = self::post_by_uuid($uuid);
            if ($existing) {
                return self::duplicate($existing, $uuid);
            }
        }
        return null;
    }

    public static function end_rest_request($response, $handler, $request)
    {
        self::flush_pending();
        self::$in_rest_write = false;
        self::unlock_all();
        return $response;
    }

    private static function check_review_state(array $meta, int $id): ?WP_Error
    {
        if (!isset($meta[self::META_WORKFLOW]) || !in_array($meta[self::META_WORKFLOW], self::REVIEW_STATES, true)) {
            return null;
        }
        $unchanged = $id > 0 && get_post_meta($id, self::META_WORKFLOW, true) === $meta[self::META_WORKFLOW];
        if ($unchanged || current_user_can('edit_others_posts')) {
            return null;
        }
        return new WP_Error(
            'newsroom_cannot_review',
            'Only an editor may set the workflow state to approved or changes_requested.',
            ['status' => rest_authorization_required_code()]
        );
    }

    private static function check_if_match(WP_REST_Request $request, int $id): ?WP_Error
    {
        $header = $request->get_header('if_match');
        if ($header === null || trim($header) === '' || get_post($id) === null) {
            return null; // no precondition, or let core answer 404
        }
        $rev = self::current_rev($id);
        foreach (explode(',', $header) as $tag) {
            $tag = trim($tag);
            if ($tag === '*' || trim(preg_replace('#^W/#', '', $tag), '"') === (string) $rev) {
                return null;
            }
        }
        return new WP_Error(
            'newsroom_precondition_failed',
            "The post changed on the server: current revision is {$rev}.",
            ['status' => 412, 'post_id' => $id, 'newsroom_rev' => $rev]
        );
    }

    private static function check_uuid_change(array $meta, int $id): ?WP_Error
    {
        if (!isset($meta[self::META_UUID])) {
            return null;
        }
        $new = strtolower((string) $meta[self::META_UUID]);
        $old = (string) get_post_meta($id, self::META_UUID, true);
        if ($new === $old) {
            return null;
        }
        if ($old !== '') {
            return new WP_Error('newsroom_uuid_immutable', 'meta.newsroom_uuid cannot change once set.', ['status' => 400, 'post_id' => $id]);
        }
        if (!preg_match(self::UUID_RE, $new)) {
            return new WP_Error('newsroom_invalid_uuid', 'meta.newsroom_uuid must be a UUID.', ['status' => 400]);
        }
        if (!self::lock('uuid:' . $new)) {
            return self::busy();
        }
        $existing = self::post_by_uuid($new);
        return $existing && $existing->ID !== $id ? self::duplicate($existing, $new) : null;
    }

    private static function duplicate(WP_Post $existing, string $uuid): WP_Error
    {
        return new WP_Error(
            'newsroom_duplicate_uuid',
            'A post with this newsroom_uuid already exists.',
            [
                'status' => 409,
                'post_id' => $existing->ID,
                'post_status' => $existing->post_status,
                'newsroom_uuid' => $uuid,
                'newsroom_rev' => self::current_rev($existing->ID),
            ]
        );
    }

    public static function busy(): WP_Error
    {
        return new WP_Error('newsroom_busy', 'Another request holds this post; retry.', ['status' => 503]);
    }

    private static function post_by_uuid(string $uuid): ?WP_Post
    {
        global $wpdb;
        $id = $wpdb->get_var($wpdb->prepare(
            "SELECT p.ID FROM {$wpdb->postmeta} m JOIN {$wpdb->posts} p ON p.ID = m.post_id
             WHERE m.meta_key = %s AND m.meta_value = %s AND p.post_type = %s ORDER BY p.ID LIMIT 1",
            self::META_UUID,
            $uuid,
            self::POST_TYPE
        ));
        return $id ? get_post((int) $id) : null;
    }

    // ---------------------------------------------------------------- rules on every write path

    /** `update_post_metadata`: a non-null answer short-circuits the write (false = refused). */
    public static function guard_meta_update($check, $post_id, $key, $value, $prev = '')
    {
        return self::meta_allowed((int) $post_id, (string) $key, $value) ? $check : false;
    }

    /** `add_post_metadata`: what a duplicating plugin calls for every meta of the copy. */
    public static function guard_meta_add($check, $post_id, $key, $value, $unique = false)
    {
        return self::meta_allowed((int) $post_id, (string) $key, $value) ? $check : false;
    }

    /**
     * The rules guard_write() checks on REST, for any write: review-only workflow states are a
     * reviewer's to set (a signed-in user without edit_others_posts cannot approve; the site
     * itself — cron, WP-CLI without --user — can), and a UUID is set once, well-formed, and
     * carried by one post only.
     */
    private static function meta_allowed(int $post_id, string $key, $value): bool
    {
        if (($key !== self::META_WORKFLOW && $key !== self::META_UUID) || get_post_type($post_id) !== self::POST_TYPE) {
            return true;
        }
        if ($key === self::META_WORKFLOW) {
            $state = is_scalar($value) ? (string) $value : '';
            if (!in_array($state, self::REVIEW_STATES, true)) {
                return true;
            }
            $user = get_current_user_id();
            return $user === 0 || user_can($user, 'edit_others_posts')
                || get_post_meta($post_id, self::META_WORKFLOW, true) === $state;
        }
        $new = strtolower(trim(is_scalar($value) ? (string) $value : ''));
        $old = (string) get_post_meta($post_id, self::META_UUID, true);
        if ($new === $old) {
            return true;
        }
        if ($old !== '' || !preg_match(self::UUID_RE, $new)) {
            return false;
        }
        $existing = self::post_by_uuid($new);
        return !$existing || $existing->ID === $post_id;
    }

    /**
     * What an editor approved is what gets published: a change to the text by someone who may
     * not review sends an approved (or scheduled) article back to review, whichever path it
     * took (REST, wp-admin, XML-RPC).
     */
    public static function review_again_after_edit(int $post_id, WP_Post $after, WP_Post $before): void
    {
        if ($after->post_type !== self::POST_TYPE) {
            return;
        }
        $user = get_current_user_id();
        if ($user === 0 || user_can($user, 'edit_others_posts')) {
            return;
        }
        $changed = $after->post_content !== $before->post_content
            || $after->post_title !== $before->post_title
            || $after->post_excerpt !== $before->post_excerpt;
        $state = (string) get_post_meta($post_id, self::META_WORKFLOW, true);
        if ($changed && in_array($state, ['approved', 'scheduled'], true)) {
            update_post_meta($post_id, self::META_WORKFLOW, 'in_review');
        }
    }

    // ---------------------------------------------------------------- revision counter + feed

    public static function remember_old_status(string $new, string $old, WP_Post $post): void
    {
        if ($post->post_type === self::POST_TYPE && !isset(self::$old_status[$post->ID])) {
            self::$old_status[$post->ID] = $old;
        }
    }

    public static function on_save(int $post_id, WP_Post $post): void
    {
        if ($post->post_type !== self::POST_TYPE || wp_is_post_revision($post) || $post->post_status === 'auto-draft') {
            return;
        }
        self::$pending[$post_id] = true;
        if (!self::$in_rest_write) {
            self::flush_pending(); // wp-admin, WP-Cron publish, wp_trash_post outside REST…
        }
    }

    /** After core stored meta and terms of a REST create/update. */
    public static function after_rest_insert(WP_Post $post, WP_REST_Request $request, bool $creating): void
    {
        $meta = $request->get_param('meta');
        if (is_array($meta) && array_key_exists(self::META_MARKDOWN, $meta)) {
            $content = (string) get_post_field('post_content', $post->ID, 'raw');
            update_post_meta($post->ID, self::META_MARKDOWN_HASH, md5($content));
        }
        self::flush_pending();
    }

    /** Bumps the revision and writes one feed row for each post saved since the last flush. */
    public static function flush_pending(): void
    {
        $ids = array_keys(self::$pending);
        self::$pending = [];
        foreach ($ids as $id) {
            clean_post_cache($id);
            $post = get_post($id);
            if (!$post) {
                continue; // deleted in the same request: the tombstone covers it
            }
            $rev = self::bump_rev($id);
            $old = self::$old_status[$id] ?? $post->post_status;
            unset(self::$old_status[$id]);
            self::record($id, 'save', $post->post_status, $old, (int) $post->post_author, (string) get_post_meta($id, self::META_UUID, true), $rev);
        }
    }

    public static function before_delete(int $post_id, WP_Post $post): void
    {
        if ($post->post_type === self::POST_TYPE && $post->post_status !== 'auto-draft') {
            self::$deleting[$post_id] = [
                'status' => $post->post_status,
                'author' => (int) $post->post_author,
                'uuid' => (string) get_post_meta($post_id, self::META_UUID, true),
                'rev' => self::current_rev($post_id),
            ];
        }
    }

    public static function after_delete(int $post_id, $post): void
    {
        $t = self::$deleting[$post_id] ?? null;
        unset(self::$deleting[$post_id], self::$pending[$post_id], self::$old_status[$post_id]);
        if ($t) {
            self::record($post_id, 'delete', 'deleted', $t['status'], $t['author'], $t['uuid'], $t['rev'] + 1);
        }
    }

    /** Read straight from the database: the meta cache may predate a bump by another request. */
    public static function current_rev(int $post_id): int
    {
        global $wpdb;
        return (int) $wpdb->get_var($wpdb->prepare(
            "SELECT meta_value FROM {$wpdb->postmeta} WHERE post_id = %d AND meta_key = %s ORDER BY meta_id LIMIT 1",
            $post_id,
            self::META_REV
        ));
    }

    private static function bump_rev(int $post_id): int
    {
        global $wpdb;
        // One atomic statement, so concurrent saves (a cron publish during a REST edit) both count.
        $n = $wpdb->query($wpdb->prepare(
            "UPDATE {$wpdb->postmeta} SET meta_value = CAST(meta_value AS UNSIGNED) + 1 WHERE post_id = %d AND meta_key = %s",
            $post_id,
            self::META_REV
        ));
        if (!$n) {
            add_post_meta($post_id, self::META_REV, '1', true);
        }
        wp_cache_delete($post_id, 'post_meta');
        return self::current_rev($post_id);
    }

    /** Option-name prefix of feed rows whose writer could not get the feed lock. */
    private const BACKLOG_PREFIX = 'newsroom_feed_backlog_';

    private static function record(int $post_id, string $kind, string $status, string $old, int $author, string $uuid, int $rev): void
    {
        $row = [
            'post_id' => $post_id, 'kind' => $kind, 'post_status' => $status, 'old_status' => $old,
            'author' => $author, 'is_public' => ($status === 'publish' || $old === 'publish') ? 1 : 0,
            'uuid' => $uuid, 'rev' => $rev,
        ];
        // Serialize inserts: a row with a lower seq can then never commit after a higher one, so
        // readers see a gap-free prefix and a cursor never skips a late commit. Without the lock
        // that promise would break, so no row is written then: it waits (one option per row, so
        // concurrent writers never overwrite each other) for the next writer that holds the lock.
        if (!self::lock('feed')) {
            add_option(self::BACKLOG_PREFIX . uniqid('', true), $row, '', false);
            return;
        }
        self::insert_backlog();
        self::insert_row($row);
        self::unlock('feed');
    }

    /** Writes the rows earlier writers left for lack of the lock; call with the lock held. */
    private static function insert_backlog(): void
    {
        global $wpdb;
        $names = $wpdb->get_col($wpdb->prepare(
            "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s ORDER BY option_id",
            $wpdb->esc_like(self::BACKLOG_PREFIX) . '%'
        ));
        foreach ($names as $name) {
            $row = get_option($name);
            if (is_array($row)) {
                self::insert_row($row);
            }
            delete_option($name);
        }
    }

    private static function insert_row(array $r): void
    {
        global $wpdb;
        $wpdb->query($wpdb->prepare(
            'INSERT INTO ' . self::feed_table() . ' (post_id, kind, post_status, old_status, author, is_public, uuid, rev, changed_at)
             VALUES (%d, %s, %s, %s, %d, %d, %s, %d, UTC_TIMESTAMP(6))',
            $r['post_id'], $r['kind'], $r['post_status'], $r['old_status'], $r['author'], $r['is_public'], $r['uuid'], $r['rev']
        ));
    }

    // ---------------------------------------------------------------- responses

    public static function add_etag(WP_REST_Response $response, WP_Post $post): WP_REST_Response
    {
        $data = $response->get_data();
        // Reuse the value the newsroom_rev field just read, unless `_fields` left it out.
        $rev = isset($data['newsroom_rev']) ? (int) $data['newsroom_rev'] : self::current_rev($post->ID);
        $response->header('ETag', '"' . $rev . '"');
        return $response;
    }

    /** 409 and 412 carry the current revision as ETag too, so a client can retry without a GET. */
    public static function add_error_etag($response)
    {
        if ($response instanceof WP_REST_Response && in_array($response->get_status(), [409, 412], true)) {
            $data = $response->get_data();
            if (isset($data['data']['newsroom_rev'])) {
                $response->header('ETag', '"' . (int) $data['data']['newsroom_rev'] . '"');
            }
        }
        return $response;
    }

    public static function rest_info(): WP_REST_Response
    {
        global $wpdb;
        $data = [
            'plugin' => 'newsroom-companion',
            'version' => self::VERSION,
            'api' => self::API_VERSION,
            'capabilities' => [
                'uuid_meta', 'uuid_query', 'idempotent_create', 'rev_etag', 'if_match',
                'markdown_meta', 'markdown_fresh', 'workflow_meta', 'change_feed',
                'desk_notes', 'desk_assignment', 'desk_checklist', 'desk_history', 'desk_feed', 'post_lock',
                'media_credit_meta', 'contributor_uploads',
            ],
            'meta_keys' => [self::META_UUID, self::META_MARKDOWN, self::META_WORKFLOW],
            'workflow_states' => array_values(array_filter(self::WORKFLOW_STATES)),
            'server_time_gmt' => gmdate('Y-m-d\TH:i:s\Z'),
        ];
        if (current_user_can('edit_posts')) {
            // Lets a fresh client start its cursor at "now" after an initial full pull.
            $data['changes_cursor'] = (string) (int) $wpdb->get_var('SELECT COALESCE(MAX(seq), 0) FROM ' . self::feed_table());
            $data['desk_cursor'] = Newsroom_Desk::cursor_now();
            $data['post_lock_window_s'] = Newsroom_Desk::lock_window();
        }
        return new WP_REST_Response($data);
    }

    /**
     * `GET /newsroom/v1/changes?since=<cursor>&limit=<n>`: one entry per post changed after the
     * cursor (its latest change), oldest first. Contributors see their own posts and posts that
     * are or were published.
     */
    public static function rest_changes(WP_REST_Request $request): WP_REST_Response
    {
        global $wpdb;
        $since = (int) $request['since'];
        $limit = (int) $request['limit'];
        $table = self::feed_table();
        $scope = current_user_can('edit_others_posts') ? '' : $wpdb->prepare(' AND (author = %d OR is_public = 1)', get_current_user_id());
        // The latest row per post whose latest seq is past the cursor. A post changed again after
        // its entry was read gets a new seq and comes back on the next page.
        $rows = $wpdb->get_results($wpdb->prepare(
            "SELECT c.* FROM {$table} c JOIN (
                 SELECT post_id, MAX(seq) AS max_seq FROM {$table} WHERE seq > %d{$scope}
                 GROUP BY post_id ORDER BY max_seq LIMIT %d
             ) latest ON latest.max_seq = c.seq ORDER BY c.seq",
            $since,
            $limit + 1
        ), ARRAY_A);
        $more = count($rows) > $limit;
        $rows = array_slice($rows, 0, $limit);
        $changes = array_map(static fn(array $r) => [
            'seq' => (string) $r['seq'],
            'post_id' => (int) $r['post_id'],
            'kind' => $r['kind'],
            'status' => $r['post_status'],
            'old_status' => $r['old_status'],
            'newsroom_uuid' => $r['uuid'],
            'newsroom_rev' => (int) $r['rev'],
            'author' => (int) $r['author'],
            'changed_gmt' => str_replace(' ', 'T', substr($r['changed_at'], 0, 23)) . 'Z',
        ], $rows);
        $cursor = $changes ? end($changes)['seq'] : (string) $since;
        return new WP_REST_Response(['changes' => $changes, 'cursor' => $cursor, 'more' => $more]);
    }

    // ---------------------------------------------------------------- helpers

    private static function feed_table(): string
    {
        global $wpdb;
        return $wpdb->prefix . 'newsroom_changes';
    }

    /** Named locks are server-wide: the table prefix keeps two sites on one server apart. */
    private static function lock_name(string $key): string
    {
        global $wpdb;
        return substr('newsroom:' . $wpdb->prefix . $key, 0, 64);
    }

    public static function lock(string $key): bool
    {
        global $wpdb;
        $name = self::lock_name($key);
        if (in_array($name, self::$locks, true)) {
            return true;
        }
        $ok = (int) $wpdb->get_var($wpdb->prepare('SELECT GET_LOCK(%s, %d)', $name, self::LOCK_TIMEOUT_S)) === 1;
        if ($ok) {
            self::$locks[] = $name;
        }
        return $ok;
    }

    public static function unlock(string $key): void
    {
        global $wpdb;
        $name = self::lock_name($key);
        $wpdb->query($wpdb->prepare('SELECT RELEASE_LOCK(%s)', $name));
        self::$locks = array_values(array_diff(self::$locks, [$name]));
    }

    private static function unlock_all(): void
    {
        global $wpdb;
        foreach (self::$locks as $name) {
            $wpdb->query($wpdb->prepare('SELECT RELEASE_LOCK(%s)', $name));
        }
        self::$locks = [];
    }
}

Newsroom_Companion::boot();

/**
 * The desk: editorial notes, assignment, checklist results and the workflow history of a post,
 * and WordPress's own post lock ("being edited by") — what two Newsroom desks share beyond the
 * text. API in docs/wordpress-plugin.md ("The desk").
 *
 * Storage: every desk event is a comment of a private type on its post (notes use the
 * `editorial-comment` type and status of Edit Flow / PublishPress, so their editorial comments and
 * the app's notes are one thread; history, assignment and checklist events use `newsroom_desk`).
 * The comment status is the type name, never `1`: no public query, feed, count or comment
 * endpoint lists them. The event's client id sits in comment meta, so a retried request finds the
 * event it already wrote. Comment ids are the desk feed's cursor; inserts are serialized by a
 * named lock so a reader never skips an id that commits late.
 */
final class Newsroom_Desk
{
    public const NOTE_TYPE = 'editorial-comment';
    public const EVENT_TYPE = 'newsroom_desk';
    private const META_ID = 'newsroom_event_id';
    private const META_EVENT = 'newsroom_event';
    public const META_ASSIGNEE = 'newsroom_assignee';
    private const META_LOCK_SINCE = '_newsroom_lock_since';
    private const MAX_NOTE_CHARS = 10000;
    private const UUID_RE = '/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/';
    private const KINDS = ['history', 'assignment', 'checklist'];

    public static function boot(): void
    {
        add_action('rest_api_init', [self::class, 'register_rest']);
        // Belt and braces: even a query that asks for every status never shows desk comments
        // to someone who may not edit the post (e.g. a theme listing recent comments).
        add_filter('comments_clauses', [self::class, 'hide_from_comment_queries'], 10, 2);
    }

    public static function register_rest(): void
    {
        $post_arg = ['id' => ['type' => 'integer', 'minimum' => 1]];
        $can_edit = [self::class, 'can_edit'];
        register_rest_route('newsroom/v1', '/posts/(?P<id>\d+)/desk', [
            'methods' => 'GET', 'callback' => [self::class, 'rest_desk'],
            'permission_callback' => $can_edit, 'args' => $post_arg,
        ]);
        register_rest_route('newsroom/v1', '/posts/(?P<id>\d+)/notes', [
            'methods' => 'POST', 'callback' => [self::class, 'rest_add_note'],
            'permission_callback' => $can_edit, 'args' => $post_arg,
        ]);
        register_rest_route('newsroom/v1', '/posts/(?P<id>\d+)/history', [
            'methods' => 'POST', 'callback' => [self::class, 'rest_add_history'],
            'permission_callback' => $can_edit, 'args' => $post_arg,
        ]);
        register_rest_route('newsroom/v1', '/posts/(?P<id>\d+)/checklist', [
            'methods' => 'POST', 'callback' => [self::class, 'rest_add_checklist'],
            'permission_callback' => $can_edit, 'args' => $post_arg,
        ]);
        register_rest_route('newsroom/v1', '/posts/(?P<id>\d+)/assignment', [
            'methods' => 'POST', 'callback' => [self::class, 'rest_assign'],
            'permission_callback' => $can_edit, 'args' => $post_arg,
        ]);
        register_rest_route('newsroom/v1', '/posts/(?P<id>\d+)/lock', [
            ['methods' => 'GET', 'callback' => [self::class, 'rest_lock_get'], 'permission_callback' => $can_edit, 'args' => $post_arg],
            ['methods' => 'POST', 'callback' => [self::class, 'rest_lock_take'], 'permission_callback' => $can_edit, 'args' => $post_arg],
            ['methods' => 'DELETE', 'callback' => [self::class, 'rest_lock_release'], 'permission_callback' => $can_edit, 'args' => $post_arg],
        ]);
        register_rest_route('newsroom/v1', '/desk', [
            'methods' => 'GET', 'callback' => [self::class, 'rest_feed'],
            'permission_callback' => static fn() => current_user_can('edit_posts'),
            'args' => [
                'since' => ['type' => 'integer', 'minimum' => 0, 'default' => 0],
                'limit' => ['type' => 'integer', 'minimum' => 1, 'maximum' => 500, 'default' => 100],
            ],
        ]);
    }

    /** WordPress's own rule for the post editor: whoever may edit the post. */
    public static function can_edit(WP_REST_Request $request)
    {
        $post = get_post((int) $request['id']);
        if (!$post || $post->post_type !== 'post') {
            return new WP_Error('rest_post_invalid_id', 'No such post.', ['status' => 404]);
        }
        if (!current_user_can('edit_post', $post->ID)) {
            return new WP_Error(
                'newsroom_desk_forbidden',
                'Only users who may edit this post see and write its desk (notes, assignment, lock).',
                ['status' => rest_authorization_required_code()]
            );
        }
        return true;
    }

    public static function hide_from_comment_queries(array $clauses, WP_Comment_Query $query): array
    {
        global $wpdb;
        $types = "'" . self::NOTE_TYPE . "','" . self::EVENT_TYPE . "'";
        $post_id = (int) ($query->query_vars['post_id'] ?? 0);
        if ($post_id > 0 && current_user_can('edit_post', $post_id)) {
            return $clauses;
        }
        $clauses['where'] .= " AND {$wpdb->comments}.comment_type NOT IN ({$types})";
        return $clauses;
    }

    // ---------------------------------------------------------------- writes

    public static function rest_add_note(WP_REST_Request $request)
    {
        $body = trim(str_replace("\r\n", "\n", (string) $request['body']));
        if ($body === '') {
            return new WP_Error('newsroom_empty_note', 'The note is empty.', ['status' => 400]);
        }
        if (mb_strlen($body) > self::MAX_NOTE_CHARS) {
            return new WP_Error('newsroom_note_too_long', 'A note has at most ' . self::MAX_NOTE_CHARS . ' characters.', ['status' => 400]);
        }
        $transition = (string) ($request['transition_id'] ?? '');
        if ($transition !== '' && !preg_match(self::UUID_RE, strtolower($transition))) {
            return new WP_Error('newsroom_invalid_uuid', 'transition_id must be a UUID.', ['status' => 400]);
        }
        return self::write_event($request, 'note', $body, ['transition_id' => strtolower($transition)]);
    }

    public static function rest_add_history(WP_REST_Request $request)
    {
        $event = [];
        foreach (['action', 'from', 'to'] as $key) {
            $v = (string) ($request[$key] ?? '');
            if (!preg_match('/^[a-z_]{1,40}$/', $v)) {
                return new WP_Error('newsroom_invalid_history', "'{$key}' must be a workflow name.", ['status' => 400]);
            }
            $event[$key] = $v;
        }
        $event['note'] = mb_substr(trim((string) ($request['note'] ?? '')), 0, self::MAX_NOTE_CHARS);
        $at = (string) ($request['at_gmt'] ?? '');
        $event['at_gmt'] = preg_match('/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/', $at) ? $at : '';
        // The role is the server's view of the user, not the client's claim.
        $event['role'] = current_user_can('edit_others_posts') ? 'editor' : 'journalist';
        return self::write_event($request, 'history', "{$event['action']}: {$event['from']} → {$event['to']}", $event);
    }

    public static function rest_add_checklist(WP_REST_Request $request)
    {
        $results = $request['results'];
        if (!is_array($results) || count($results) > 50) {
            return new WP_Error('newsroom_invalid_checklist', "'results' must be a list of checks.", ['status' => 400]);
        }
        $clean = [];
        foreach ($results as $r) {
            if (!is_array($r) || !isset($r['check']) || !preg_match('/^[a-z_]{1,40}$/', (string) $r['check'])) {
                return new WP_Error('newsroom_invalid_checklist', 'Every check needs a name (check) and passed.', ['status' => 400]);
            }
            $num = static fn($v) => is_numeric($v) ? (int) $v : null;
            $clean[] = [
                'check' => (string) $r['check'], 'passed' => (bool) ($r['passed'] ?? false),
                'found' => $num($r['found'] ?? null), 'min' => $num($r['min'] ?? null), 'max' => $num($r['max'] ?? null),
            ];
        }
        $passed = count(array_filter($clean, static fn($r) => $r['passed']));
        return self::write_event($request, 'checklist', "checklist: {$passed}/" . count($clean), ['results' => $clean]);
    }

    /**
     * Assigning is desk work, as in the app: an editor (edit_others_posts) assigns anyone who may
     * write posts; anyone who may edit the post may take it while it is unassigned.
     */
    public static function rest_assign(WP_REST_Request $request)
    {
        $post_id = (int) $request['id'];
        $assignee = (int) ($request['assignee'] ?? 0);
        $me = get_current_user_id();
        $current = (int) get_post_meta($post_id, self::META_ASSIGNEE, true);
        if ($assignee > 0 && !user_can($assignee, 'edit_posts')) {
            return new WP_Error('newsroom_invalid_assignee', 'The assignee must be a user who writes posts.', ['status' => 400]);
        }
        $taking_unassigned = $current === 0 && $assignee === $me;
        if (!current_user_can('edit_others_posts') && !$taking_unassigned) {
            return new WP_Error(
                'newsroom_cannot_assign',
                'Only editors assign articles; a journalist can only take an unassigned one.',
                ['status' => rest_authorization_required_code()]
            );
        }
        $user = $assignee > 0 ? get_userdata($assignee) : null;
        $event = ['assignee' => $assignee > 0 ? ['id' => $assignee, 'name' => $user ? $user->display_name : ''] : null];
        return self::write_event($request, 'assignment', $assignee > 0 ? "assigned: {$assignee}" : 'unassigned', $event,
            static function () use ($post_id, $assignee) {
                if ($assignee > 0) {
                    update_post_meta($post_id, self::META_ASSIGNEE, $assignee);
                } else {
                    delete_post_meta($post_id, self::META_ASSIGNEE);
                }
            });
    }

    /**
     * Writes one desk event, exactly once per client id: a retry of a request whose answer was
     * lost finds the event and answers 200 with it (201 when it was written now). The same id on
     * another post, or for another kind, is a client bug: 409, nothing written.
     */
    private static function write_event(WP_REST_Request $request, string $kind, string $content, array $event, ?callable $also = null)
    {
        $client_id = strtolower(trim((string) ($request['client_id'] ?? '')));
        if (!preg_match(self::UUID_RE, $client_id)) {
            return new WP_Error('newsroom_invalid_uuid', 'client_id must be a UUID generated by the client.', ['status' => 400]);
        }
        $post_id = (int) $request['id'];
        if (!Newsroom_Companion::lock('desk')) {
            return Newsroom_Companion::busy();
        }
        try {
            $existing = self::find($client_id);
            if ($existing) {
                if ((int) $existing->comment_post_ID !== $post_id || self::kind_of($existing) !== $kind) {
                    return new WP_Error('newsroom_duplicate_event', 'This client_id already names another desk event.',
                        ['status' => 409, 'post_id' => (int) $existing->comment_post_ID]);
                }
                return new WP_REST_Response(self::present($existing), 200);
            }
            $user = wp_get_current_user();
            $event['kind'] = $kind;
            $id = wp_insert_comment(wp_slash([
                'comment_post_ID' => $post_id,
                'comment_content' => $content,
                'comment_type' => $kind === 'note' ? self::NOTE_TYPE : self::EVENT_TYPE,
                'comment_approved' => $kind === 'note' ? self::NOTE_TYPE : self::EVENT_TYPE,
                'user_id' => $user->ID,
                'comment_author' => $user->display_name,
                'comment_author_email' => $user->user_email,
                'comment_agent' => 'newsroom',
                'comment_author_IP' => '',
                'comment_meta' => [self::META_ID => $client_id, self::META_EVENT => $event],
            ]));
            if (!$id) {
                return new WP_Error('newsroom_desk_write_failed', 'The desk event was not stored.', ['status' => 500]);
            }
            if ($also) {
                $also();
            }
            return new WP_REST_Response(self::present(get_comment($id)), 201);
        } finally {
            Newsroom_Companion::unlock('desk');
        }
    }

    private static function find(string $client_id): ?WP_Comment
    {
        global $wpdb;
        $id = $wpdb->get_var($wpdb->prepare(
            "SELECT comment_id FROM {$wpdb->commentmeta} WHERE meta_key = %s AND meta_value = %s ORDER BY meta_id LIMIT 1",
            self::META_ID,
            $client_id
        ));
        $c = $id ? get_comment((int) $id) : null;
        return $c instanceof WP_Comment ? $c : null;
    }

    private static function kind_of(WP_Comment $c): string
    {
        if ($c->comment_type === self::NOTE_TYPE) {
            return 'note';
        }
        $event = get_comment_meta((int) $c->comment_ID, self::META_EVENT, true);
        return is_array($event) && in_array($event['kind'] ?? '', self::KINDS, true) ? $event['kind'] : '';
    }

    /** One desk event as the API shows it. Notes written in Edit Flow / PublishPress have no client id. */
    private static function present(WP_Comment $c): array
    {
        $event = get_comment_meta((int) $c->comment_ID, self::META_EVENT, true);
        $event = is_array($event) ? $event : [];
        $kind = self::kind_of($c);
        $out = [
            'seq' => (string) $c->comment_ID,
            'post_id' => (int) $c->comment_post_ID,
            'kind' => $kind,
            'client_id' => (string) get_comment_meta((int) $c->comment_ID, self::META_ID, true),
            'author' => ['id' => (int) $c->user_id, 'name' => (string) $c->comment_author],
            'created_gmt' => str_replace(' ', 'T', $c->comment_date_gmt) . 'Z',
        ];
        if ($kind === 'note') {
            $out['body'] = (string) $c->comment_content;
            $out['transition_id'] = (string) ($event['transition_id'] ?? '');
        } else {
            unset($event['kind']);
            $out += $event;
        }
        return $out;
    }

    // ---------------------------------------------------------------- reads

    /** Everything of one post's desk, oldest first, with the current assignment and checklist. */
    public static function rest_desk(WP_REST_Request $request): WP_REST_Response
    {
        $post_id = (int) $request['id'];
        $events = array_map([self::class, 'present'], self::comments_where('comment_post_ID = %d', [$post_id], 10000));
        $assignment = null;
        $checklist = null;
        foreach ($events as $e) {
            if ($e['kind'] === 'assignment') {
                $assignment = $e;
            } elseif ($e['kind'] === 'checklist') {
                $checklist = $e;
            }
        }
        return new WP_REST_Response([
            'post_id' => $post_id,
            'events' => $events,
            'assignment' => $assignment,
            'checklist' => $checklist,
            'lock' => self::lock_state($post_id),
        ]);
    }

    /**
     * `GET /newsroom/v1/desk?since=<seq>`: desk events after the cursor on the posts the caller
     * may edit, oldest first. `cursor` moves past events the caller may not see, so a page of
     * other people's events still advances.
     */
    public static function rest_feed(WP_REST_Request $request): WP_REST_Response
    {
        $since = (int) $request['since'];
        $limit = (int) $request['limit'];
        $rows = self::comments_where('comment_ID > %d', [$since], $limit + 1);
        $more = count($rows) > $limit;
        $rows = array_slice($rows, 0, $limit);
        $cursor = $rows ? (string) end($rows)->comment_ID : (string) $since;
        $visible = array_values(array_filter($rows, static fn(WP_Comment $c) => current_user_can('edit_post', (int) $c->comment_post_ID)));
        return new WP_REST_Response([
            'events' => array_map([self::class, 'present'], $visible),
            'cursor' => $cursor,
            'more' => $more,
        ]);
    }

    public static function cursor_now(): string
    {
        global $wpdb;
        return (string) (int) $wpdb->get_var($wpdb->prepare(
            "SELECT COALESCE(MAX(comment_ID), 0) FROM {$wpdb->comments} WHERE comment_type IN (%s, %s)",
            self::NOTE_TYPE,
            self::EVENT_TYPE
        ));
    }

    /** @return WP_Comment[] desk comments matching `$where`, by id */
    private static function comments_where(string $where, array $args, int $limit): array
    {
        global $wpdb;
        $ids = $wpdb->get_col($wpdb->prepare(
            "SELECT comment_ID FROM {$wpdb->comments} WHERE comment_type IN (%s, %s) AND comment_approved IN (%s, %s)
             AND {$where} ORDER BY comment_ID LIMIT %d",
            ...array_merge([self::NOTE_TYPE, self::EVENT_TYPE, self::NOTE_TYPE, self::EVENT_TYPE], $args, [$limit])
        ));
        return array_values(array_filter(array_map(static fn($id) => get_comment((int) $id), $ids)));
    }

    // ---------------------------------------------------------------- post lock

    /** WordPress's lock window (150 s unless a filter changes it), as its editor uses it. */
    public static function lock_window(): int
    {
        return (int) apply_filters('wp_check_post_lock_window', 150);
    }

    /**
     * The post's lock as WordPress keeps it (`_edit_lock` = "time:user"), whoever set it: the
     * WordPress editor's heartbeat or this API. `since` is when the holder took it (the app
     * remembers that; for a lock taken in WordPress's editor it is the last refresh).
     */
    private static function lock_state(int $post_id): array
    {
        $raw = (string) get_post_meta($post_id, '_edit_lock', true);
        [$time, $user] = array_pad(array_map('intval', explode(':', $raw)), 2, 0);
        if ($user === 0) {
            $user = (int) get_post_meta($post_id, '_edit_last', true);
        }
        $active = $time > 0 && $user > 0 && $time > time() - self::lock_window();
        if (!$active) {
            return ['locked' => false, 'mine' => false, 'user' => null, 'since_gmt' => null, 'expires_gmt' => null];
        }
        $since = (string) get_post_meta($post_id, self::META_LOCK_SINCE, true);
        [$since_time, $since_user] = array_pad(array_map('intval', explode(':', $since)), 2, 0);
        $from = $since_user === $user && $since_time > 0 && $since_time <= $time ? $since_time : $time;
        $data = get_userdata($user);
        return [
            'locked' => true,
            'mine' => $user === get_current_user_id(),
            'user' => ['id' => $user, 'name' => $data ? $data->display_name : ''],
            'since_gmt' => gmdate('Y-m-d\TH:i:s\Z', $from),
            'expires_gmt' => gmdate('Y-m-d\TH:i:s\Z', $time + self::lock_window()),
        ];
    }

    public static function rest_lock_get(WP_REST_Request $request): WP_REST_Response
    {
        return new WP_REST_Response(self::lock_state((int) $request['id']));
    }

    /**
     * Takes or refreshes the lock (the heartbeat). Held by someone else → 409 with the holder,
     * unless `take_over` is true: WordPress lets anyone who may edit the post take it over.
     */
    public static function rest_lock_take(WP_REST_Request $request)
    {
        $post_id = (int) $request['id'];
        require_once ABSPATH . 'wp-admin/includes/post.php';
        $other = wp_check_post_lock($post_id);
        if ($other && !rest_sanitize_boolean($request['take_over'] ?? false)) {
            return new WP_Error('newsroom_post_locked', 'Someone else is editing this post.',
                ['status' => 409, 'lock' => self::lock_state($post_id)]);
        }
        $before = self::lock_state($post_id);
        $set = wp_set_post_lock($post_id);
        if (!$set) {
            return new WP_Error('newsroom_lock_failed', 'The lock was not set.', ['status' => 500]);
        }
        if (!$before['mine']) {
            update_post_meta($post_id, self::META_LOCK_SINCE, $set[0] . ':' . $set[1]);
        }
        return new WP_REST_Response(self::lock_state($post_id));
    }

    /**
     * Releases the caller's lock the way WordPress's editor does when it is closed
     * (wp_ajax_wp_remove_post_lock): the time is moved to just past the window, the user kept.
     * Someone else's lock is left alone.
     */
    public static function rest_lock_release(WP_REST_Request $request): WP_REST_Response
    {
        $post_id = (int) $request['id'];
        $state = self::lock_state($post_id);
        if ($state['mine']) {
            $expired = time() - self::lock_window() - 1;
            update_post_meta($post_id, '_edit_lock', $expired . ':' . get_current_user_id());
            delete_post_meta($post_id, self::META_LOCK_SINCE);
        }
        return new WP_REST_Response(self::lock_state($post_id));
    }
}

Newsroom_Desk::boot();

/**
 * Images (issue 12): the credit as attachment meta, and contributors' uploads.
 *
 * A Contributor has no `upload_files` capability, so stock WordPress refuses every upload of
 * theirs. This grants it for exactly one kind of request: `POST /wp/v2/media` attached
 * (`post` parameter) to a post the same user wrote that is still a draft or pending review,
 * with a JPEG or PNG body within the size limit (filter `newsroom_contributor_upload_max_bytes`,
 * default 20 MB). Everything else stays as core decides it. The grant is checked before core's
 * own permission check and lives only for that request.
 */
final class Newsroom_Media
{
    public const META_CREDIT = 'newsroom_credit';
    private const TYPES = ['image/jpeg', 'image/png'];
    private const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
    private static bool $granting = false;

    public static function boot(): void
    {
        add_action('init', [self::class, 'register_meta']);
        add_filter('rest_pre_dispatch', [self::class, 'consider_upload'], 10, 3);
        add_filter('rest_post_dispatch', [self::class, 'end_upload'], 10, 3);
        add_filter('user_has_cap', [self::class, 'grant_upload'], 10, 4);
    }

    public static function register_meta(): void
    {
        register_post_meta('attachment', self::META_CREDIT, [
            'type' => 'string',
            'single' => true,
            'default' => '',
            'description' => 'Photographer or agency of the image, as entered in Newsroom.',
            'auth_callback' => static fn($allowed, $key, $post_id, $user_id) => user_can($user_id, 'edit_post', $post_id),
            'show_in_rest' => true,
        ]);
    }

    /** Decides, before core's permission check, whether this request is a contributor's allowed upload. */
    public static function consider_upload($result, $server, WP_REST_Request $request)
    {
        self::$granting = false;
        if ($request->get_method() !== 'POST' || rtrim($request->get_route(), '/') !== '/wp/v2/media') {
            return $result;
        }
        $user = wp_get_current_user();
        if (!$user->exists() || !in_array('contributor', (array) $user->roles, true)) {
            return $result;
        }
        $post = get_post((int) $request->get_param('post'));
        if (!$post || $post->post_type !== 'post' || (int) $post->post_author !== $user->ID
            || !in_array($post->post_status, ['draft', 'pending', 'auto-draft'], true)) {
            return $result;
        }
        $type = strtolower(trim(explode(';', (string) $request->get_header('content_type'))[0]));
        $size = strlen((string) $request->get_body());
        $files = $request->get_file_params();
        if (!empty($files['file'])) {
            $type = strtolower((string) ($files['file']['type'] ?? ''));
            $size = (int) ($files['file']['size'] ?? 0);
        }
        $max = (int) apply_filters('newsroom_contributor_upload_max_bytes', self::DEFAULT_MAX_BYTES);
        if (!in_array($type, self::TYPES, true)) {
            return new WP_Error('newsroom_upload_type', 'Contributors may upload JPEG and PNG images only.', ['status' => 415]);
        }
        if ($size <= 0 || $size > $max) {
            return new WP_Error('newsroom_upload_size', sprintf('Contributors may upload images of at most %d bytes.', $max), ['status' => 413]);
        }
        self::$granting = true;
        return $result;
    }

    public static function end_upload($response, $server, $request)
    {
        self::$granting = false;
        return $response;
    }

    /** `upload_files` for the duration of an allowed upload only. */
    public static function grant_upload(array $allcaps, array $caps, array $args, $user): array
    {
        if (self::$granting && in_array('upload_files', $caps, true) && (int) $user->ID === get_current_user_id()) {
            $allcaps['upload_files'] = true;
        }
        return $allcaps;
    }
}

Newsroom_Media::boot();
