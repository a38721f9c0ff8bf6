<?php
// Installs WordPress for a test instance (idempotent) and prints the accounts as JSON:
// {"admin": {"login", "password", "app_password", "role", "id"}, "editor1": …, …}.
// Every run replaces the accounts' "newsroom-tests" Application Passwords with fresh ones, so the
// caller must store what this prints. Runs as www-data (see scripts/wordpress/start.sh).
require __DIR__ . '/bootstrap.php';
define('WP_INSTALLING', true);
require '/usr/share/wordpress/wp-load.php';
// There is no mail transport here: replace the pluggable "new site" e-mail with a no-op.
function wp_new_blog_notification($blog_title, $blog_url, $user_id, $password) {
}
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-includes/class-wp-application-passwords.php';

$accounts = [
    'admin' => 'administrator',
    'editor1' => 'editor',
    'journalist1' => 'contributor',
    'journalist2' => 'contributor',
];

function newsroom_fail(string $msg): void {
    fwrite(STDERR, "install.php: $msg\n");
    exit(1);
}

if (!is_blog_installed()) {
    // wp_install() probes pretty permalinks over loopback, so Apache is already up at this point.
    $result = wp_install('Newsroom Test', 'admin', 'admin@example.test', false, '', wp_generate_password(24, false));
    if (is_wp_error($result)) {
        newsroom_fail($result->get_error_message());
    }
    // Start empty: the sample post, page and privacy page would show up in every pull.
    foreach (get_posts(['post_type' => 'any', 'post_status' => 'any', 'numberposts' => -1]) as $p) {
        wp_delete_post($p->ID, true);
    }
}

// A zone other than UTC so that date/date_gmt mix-ups show in tests.
update_option('timezone_string', 'Asia/Almaty');
update_option('blogdescription', 'Newsroom sync test site');
if (get_option('permalink_structure') !== '/%postname%/') {
    update_option('permalink_structure', '/%postname%/');
    // The rules live inline in the Apache config; .htaccess is not writable (and not read).
    flush_rewrite_rules(false);
}

$out = [];
foreach ($accounts as $login => $role) {
    $password = wp_generate_password(20, false);
    $user = get_user_by('login', $login);
    if ($user) {
        wp_set_password($password, $user->ID);
        $user_id = $user->ID;
        $user = new WP_User($user_id);
        $user->set_role($role);
    } else {
        $user_id = wp_insert_user([
            'user_login' => $login,
            'user_pass' => $password,
            'user_email' => $login . '@example.test',
            'display_name' => $login,
            'role' => $role,
        ]);
        if (is_wp_error($user_id)) {
            newsroom_fail("user $login: " . $user_id->get_error_message());
        }
    }
    foreach (WP_Application_Passwords::get_user_application_passwords($user_id) as $item) {
        if ($item['name'] === 'newsroom-tests') {
            WP_Application_Passwords::delete_application_password($user_id, $item['uuid']);
        }
    }
    $created = WP_Application_Passwords::create_new_application_password($user_id, ['name' => 'newsroom-tests']);
    if (is_wp_error($created)) {
        newsroom_fail("app password $login: " . $created->get_error_message());
    }
    $out[$login] = [
        'login' => $login,
        'password' => $password,
        'app_password' => $created[0],
        'role' => $role,
        'id' => (int) $user_id,
    ];
}
echo json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
