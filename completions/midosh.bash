# bash completion for midosh(1).                                  -*- shell-script -*-
#
# Options come from `midosh --help`; the words of a command (after -e/--eval, or inside
# the text of -c/--command) come from `midosh --complete TEXT`, which offers what TAB
# offers in the interactive shell: verbs, object types, attributes, enum values and the
# names of objects (asked of the API given on the line being completed, or configured).

# The options of the line that say how to reach the API, for `midosh --complete`.
_midosh_api_options()
{
    local i w
    _midosh_api=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        case $w in
        -e | --eval) return ;;
        -A | --no-auth) _midosh_api+=("$w") ;;
        --midonet-url | --tenant | --user | -u | --project-id | -i | --connect-timeout | --timeout)
            _midosh_api+=("$w" "${COMP_WORDS[i + 1]}")
            ((i++))
            ;;
        esac
    done
}

# The value of a word as bash will pass it (quotes and backslashes removed), without
# eval: sets _midosh_value, and _midosh_quote to the quote left open at its end.
_midosh_dequote()
{
    local s=$1 c i q=
    _midosh_value=
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        if [[ -n $q ]]; then
            if [[ $c == "$q" ]]; then
                q=
            elif [[ $q == '"' && $c == \\ && $((i + 1)) -lt ${#s} ]]; then
                ((i++))
                _midosh_value+=${s:i:1}
            else
                _midosh_value+=$c
            fi
        elif [[ $c == "'" || $c == '"' ]]; then
            q=$c
        elif [[ $c == \\ ]]; then
            ((i++))
            _midosh_value+=${s:i:1}
        else
            _midosh_value+=$c
        fi
    done
    _midosh_quote=$q
}

# The words `midosh --complete` offers after TEXT (one per array element).
_midosh_words()
{
    local IFS=$'\n'
    _midosh_api_options
    # shellcheck disable=SC2207
    _midosh_candidates=($(midosh "${_midosh_api[@]}" --complete "$1" 2>/dev/null))
}

_midosh()
{
    local line=${COMP_LINE:0:COMP_POINT}
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    local i w text= mode= c
    COMPREPLY=()

    # Is the word being completed part of a command: after -e, or -c's text?
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        if [[ $w == -e || $w == --eval ]]; then
            mode=eval
            text=${COMP_WORDS[*]:i+1:COMP_CWORD-i-1}
            break
        fi
    done
    if [[ -z $mode && ($prev == -c || $prev == --command) ]]; then
        mode=command
    elif [[ -z $mode && $cur == --command=* ]]; then
        mode=command
        cur=${cur#--command=}
    fi

    case $mode in
    eval)
        _midosh_dequote "$cur"
        _midosh_words "${text:+$text }$_midosh_value"
        for c in "${_midosh_candidates[@]}"; do
            COMPREPLY+=("$(printf '%q' "$c")")
        done
        return
        ;;
    command)
        # cur is -c's argument so far: a word of bash with midosh's command inside.
        _midosh_dequote "$cur"
        [[ -z $_midosh_quote && $cur == *[\"\']* ]] && return  # a closed quote: done
        _midosh_words "$_midosh_value"
        local before=${_midosh_value%"${_midosh_value##*[[:space:]]}"}
        for c in "${_midosh_candidates[@]}"; do
            if [[ $c == *[[:space:]\"\'\\]* ]]; then
                # A name that midosh needs quoted, inside bash's quotes.
                if [[ $_midosh_quote == "'" ]]; then
                    c=\"${c//\"/\\\"}\"
                else
                    c="'${c}'"
                fi
            fi
            COMPREPLY+=("$before$c")
        done
        if [[ -n $_midosh_quote ]]; then
            # readline puts the open quote back (and closes it when one word is left).
            compopt -o nospace 2>/dev/null
            ((${#COMPREPLY[@]} == 1)) && COMPREPLY[0]+=" "
        elif ((${#COMPREPLY[@]})); then
            for i in "${!COMPREPLY[@]}"; do
                COMPREPLY[i]=$(printf '%q' "${COMPREPLY[i]}")
            done
        fi
        return
        ;;
    esac

    case $prev in
    -f | --file)
        compopt -o filenames 2>/dev/null
        # shellcheck disable=SC2207
        COMPREPLY=($(compgen -f -- "$cur"))
        return
        ;;
    -o | --output)
        # shellcheck disable=SC2207
        COMPREPLY=($(compgen -W "text json table" -- "$cur"))
        return
        ;;
    --api-version)
        # shellcheck disable=SC2207
        COMPREPLY=($(compgen -W "1.9 5" -- "$cur"))
        return
        ;;
    --midonet-url | --tenant | --user | -u | --project-id | -i | --connect-timeout | \
        --timeout | --zookeeper | --zk-root | --complete)
        return
        ;;
    esac
    if [[ $cur == -* ]]; then
        local opts
        opts=$(midosh --help 2>/dev/null | sed -n 's/^ \{1,\}\(-[A-Za-z]\)\{0,1\},\{0,1\} *\(--[a-z][a-z-]*\).*/\1 \2/p')
        # shellcheck disable=SC2207
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    fi
}

complete -F _midosh midosh
