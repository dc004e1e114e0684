// Entry of the one-file IIFE (`<script src="video-consult.js">`): defines every element.
import './components/call-join-button/define.js';
import './components/video-consult-room/define.js';
