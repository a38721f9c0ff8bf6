<?php
// php write-env.php CREDENTIALS_JSON ENV_FILE ENV_JSON URL RUN_DIR PORT PLUGIN
// Writes the instance's env file (shell `export` lines) and the same keys as JSON.
[, $creds_path, $env_path, $json_path, $url, $run_dir, $port, $plugin] = $argv;
$creds = json_decode(file_get_contents($creds_path), true, 512, JSON_THROW_ON_ERROR);
$env = [
    'NEWSROOM_WP_URL' => $url,
    'NEWSROOM_WP_RUN_DIR' => $run_dir,
    'NEWSROOM_WP_PORT' => $port,
    'NEWSROOM_WP_PLUGIN' => $plugin,
];
foreach (['ADMIN' => 'admin', 'EDITOR' => 'editor1', 'JOURNALIST' => 'journalist1', 'JOURNALIST2' => 'journalist2'] as $prefix => $login) {
    $env["NEWSROOM_WP_{$prefix}_USER"] = $login;
    $env["NEWSROOM_WP_{$prefix}_PASSWORD"] = $creds[$login]['app_password'];
}
$lines = '';
foreach ($env as $k => $v) {
    $lines .= "export $k=" . escapeshellarg($v) . "\n";
}
file_put_contents($env_path, $lines);
file_put_contents($json_path, json_encode($env, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) . "\n");
