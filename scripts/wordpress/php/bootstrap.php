<?php
// Loads WordPress from the command line for one test instance. Debian's wp-config.php picks its
// config from the Host header (absent on the CLI) or from WORDPRESS_CONFIG, so both are set from
// the environment that scripts/wordpress/lib.sh (run_php) passes in.
$port = getenv('NEWSROOM_WP_PORT') ?: '8089';
$_SERVER['HTTP_HOST'] = '127.0.0.1:' . $port;
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['SERVER_PORT'] = $port;
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['WORDPRESS_CONFIG'] = getenv('NEWSROOM_WP_CONFIG') ?: ('newsroom-' . $port);
