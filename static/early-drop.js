// Runs before the app: a file dropped while the page is still starting is kept here instead of the browser
// opening it in place of Footfall. The drop zone (DropZone.svelte) takes it once it runs, and these
// handlers stop; from then on the app's own take every drop.
(function () {
	var early = { files: null };
	function over(e) {
		e.preventDefault();
	}
	function drop(e) {
		e.preventDefault();
		if (e.dataTransfer && e.dataTransfer.files.length) early.files = Array.from(e.dataTransfer.files);
	}
	early.take = function () {
		removeEventListener('dragover', over);
		removeEventListener('drop', drop);
		var files = early.files;
		early.files = null;
		return files;
	};
	addEventListener('dragover', over);
	addEventListener('drop', drop);
	window.__footfallEarlyDrop = early;
})();
