<?php
// Runs WP-Cron once, synchronously, for a test instance: every event due now runs before this
// returns (e.g. publish_future_post for scheduled posts whose date has passed). It goes through
// wp-cron.php itself so behaviour matches a real cron hit. wp-cron.php ignores DISABLE_WP_CRON
// (that constant only stops the page-hit spawner) but skips the run while another run holds the
// `doing_cron` lock; tests call this serially, so a lock left by an earlier request is cleared.
//
// NEWSROOM_CRON_AHEAD=N (seconds): first publish scheduled posts due within the next N seconds,
// the way WP-Cron would when their time comes (wp_publish_post, which is what the cron event
// calls; the post keeps its scheduled date). Lets tests skip WordPress's 60 s minimum wait.
require __DIR__ . '/bootstrap.php';
require '/usr/share/wordpress/wp-load.php';
delete_transient('doing_cron');

$ahead = (int) getenv('NEWSROOM_CRON_AHEAD');
if ($ahead > 0) {
    $due = get_posts([
        'post_type' => 'any',
        'post_status' => 'future',
        'numberposts' => -1,
        'date_query' => [['column' => 'post_date_gmt', 'before' => gmdate('Y-m-d H:i:s', time() + $ahead), 'inclusive' => true]],
    ]);
    foreach ($due as $post) {
        wp_clear_scheduled_hook('publish_future_post', [$post->ID]);
        wp_publish_post($post);
        fwrite(STDERR, "cron: published scheduled post {$post->ID} ahead of {$post->post_date_gmt} UTC\n");
    }
}
fwrite(STDERR, 'cron: ' . count(wp_get_ready_cron_jobs()) . " due timestamp(s)\n");
require ABSPATH . 'wp-cron.php';
