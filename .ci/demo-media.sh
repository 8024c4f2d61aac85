#!/usr/bin/env bash
# Regenerates the demo voice descriptions and videos in tools/demo/media/ (committed; the demo data
# reads them). Needs Debian's espeak-ng and ffmpeg. Run by hand when the demo texts change.
set -euo pipefail
cd "$(dirname "$0")/../tools/demo/media"
command -v espeak-ng >/dev/null && command -v ffmpeg >/dev/null || apt-get install -y -q espeak-ng ffmpeg

speak() { # name voice text
  espeak-ng -v "$2" -s 150 -w "/tmp/$1.wav" "$3"
  ffmpeg -y -loglevel error -i "/tmp/$1.wav" -c:a libopus -b:a 24k -ac 1 "$1.ogg"
  rm -f "/tmp/$1.wav"
}
speak cream-buns-ko ko "금성식료공장의 크림빵입니다. 열개들이 한 봉지에 칠십팔원입니다."
speak cream-buns-en en-gb "Cream buns from the Kumsong Food Factory. A pack of ten costs seventy-eight won."
speak socks-ko ko "평양양말공장의 면양말입니다. 땀을 잘 흡수합니다."

video() { # name colour
  ffmpeg -y -loglevel error -f lavfi -i "testsrc2=size=320x240:rate=15:duration=4" \
    -f lavfi -i "color=c=$2:size=320x240:rate=15:duration=4" \
    -filter_complex "[0][1]blend=all_mode=overlay:all_opacity=0.5,format=yuv420p" \
    -c:v libvpx -b:v 120k -an "$1.webm"
}
video cream-buns 0xe8c27a
ls -l
