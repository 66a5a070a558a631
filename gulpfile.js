const path = require('path');
const { task, src, dest, parallel } = require('gulp');

// tsc emits only .js/.d.ts: the icons (top-level icons/) and the output schemas (nodes/**/__schema__) are copied
// by hand so dist/ holds everything n8n loads.
function copyIcons() {
	return src(path.resolve('icons', '*.{png,svg}'), { encoding: false }).pipe(
		dest(path.resolve('dist', 'icons')),
	);
}

function copyNodeAssets() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/__schema__/**/*.json'], {
		encoding: false,
		base: '.',
	}).pipe(dest(path.resolve('dist')));
}

task('build:icons', parallel(copyIcons, copyNodeAssets));
