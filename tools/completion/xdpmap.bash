# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# bash completion for xdpmap: options (from 'xdpmap --list-options', so always those of the
# installed binary), interface names after -e, file names after options that take a file and
# for other words (target lists, --merge shards).

# _xdpmap_options: "NAME KIND" lines of the xdpmap being completed, cached per binary.
_xdpmap_options() {
	local exe=$1
	if [ "${_xdpmap_cache_exe:-}" != "$exe" ] || [ -z "${_xdpmap_cache:-}" ]; then
		_xdpmap_cache=$("$exe" --list-options 2>/dev/null)
		_xdpmap_cache_exe=$exe
	fi
	printf '%s\n' "$_xdpmap_cache"
}

_xdpmap() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev= exe=${COMP_WORDS[0]} kind opts
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
	command -v "$exe" >/dev/null 2>&1 || exe=xdpmap
	opts=$(_xdpmap_options "$exe")
	COMPREPLY=()
	kind=$(awk -v o="$prev" '$1 == o { print $2; exit }' <<<"$opts")
	case $kind in
	iface)
		COMPREPLY=($(compgen -W "$(ls /sys/class/net 2>/dev/null)" -- "$cur"))
		return 0 ;;
	file)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0 ;;
	value)
		return 0 ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(awk '{ print $1 }' <<<"$opts")" -- "$cur"))
		return 0
	fi
	compopt -o filenames 2>/dev/null
	COMPREPLY=($(compgen -f -- "$cur"))
}

complete -F _xdpmap xdpmap
