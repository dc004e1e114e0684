import 'video-consult-elements/call-join-button';
import 'video-consult-elements/video-consult-room';
import { createApp } from 'vue';
import App from './App.vue';

createApp(App, { server: location.origin }).mount('#app');
